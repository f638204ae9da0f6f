// The dashboard's calls to query-api: the vehicles (paged or not), and the replayer's control API
// through query-api's proxy at replayer/replays..., with the operator's token.
'use strict';

/** Where the operator's token is kept; read again at every request, so a new token applies at once. */
export const TOKEN_KEY = 'gpsreplay.token';
const MAX_VEHICLE_PAGES = 1000;

export function token() {
  try {
    return (localStorage.getItem(TOKEN_KEY) || '').trim();
  } catch (ignored) {
    return ''; // storage disabled: no token
  }
}

export function saveToken(value) {
  if (value && value.trim()) {
    localStorage.setItem(TOKEN_KEY, value.trim());
  } else {
    localStorage.removeItem(TOKEN_KEY);
  }
}

/** A failed call: the HTTP status and the problem's detail (RFC 9457), as the server said it. */
export class ApiError extends Error {
  constructor(status, detail, errors) {
    super(detail);
    this.status = status;
    this.errors = errors || [];
  }
}

async function answer(response) {
  if (response.ok) {
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : null;
  }
  let detail = 'HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '');
  let errors = [];
  try {
    const problem = await response.json();
    detail = problem.detail || problem.title || detail;
    errors = Array.isArray(problem.errors) ? problem.errors : [];
  } catch (ignored) {
    // not a problem document: the status says it
  }
  throw new ApiError(response.status, detail, errors);
}

export async function getJson(url) {
  return answer(await fetch(url, { headers: { Accept: 'application/json' } }));
}

/** The URL of rel="next" in a Link header, if any. */
function nextLink(header) {
  if (!header) {
    return null;
  }
  const match = header.split(',').map((part) => part.match(/<([^>]+)>\s*;\s*rel="?next"?/)).find(Boolean);
  return match ? match[1] : null;
}

/**
 * Every vehicle. GET /vehicles answers an array; a paged answer (an object holding the page, with a
 * next cursor, or a Link: rel="next" header) is followed page by page.
 */
export async function allVehicles() {
  const vehicles = [];
  let url = 'vehicles';
  for (let page = 0; url && page < MAX_VEHICLE_PAGES; page += 1) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await answer(response);
    if (Array.isArray(body)) {
      vehicles.push(...body);
    } else if (body) {
      vehicles.push(...(body.vehicles || body.items || body.data || []));
    }
    url = nextLink(response.headers.get('Link')) || nextFromBody(body);
  }
  return vehicles;
}

function nextFromBody(body) {
  if (!body || Array.isArray(body)) {
    return null;
  }
  const cursor = body.next_cursor ?? body.cursor ?? null;
  if (cursor !== null && cursor !== '') {
    return 'vehicles?cursor=' + encodeURIComponent(cursor);
  }
  return typeof body.next === 'string' && body.next ? body.next.replace(/^\//, '') : null;
}

/**
 * A call to the replayer's control API through query-api (same origin), with the token if one is set.
 * Resolves to the replayer's JSON answer; rejects with an ApiError carrying its problem's detail.
 */
export async function replayer(method, path, { query, body, contentType } = {}) {
  const params = new URLSearchParams();
  Object.entries(query || {}).forEach(([name, value]) => {
    if (value !== undefined && value !== null && value !== '') {
      params.set(name, String(value));
    }
  });
  const search = params.toString();
  const headers = { Accept: 'application/json, application/problem+json' };
  const bearer = token();
  if (bearer) {
    headers.Authorization = 'Bearer ' + bearer;
  }
  if (contentType) {
    headers['Content-Type'] = contentType;
  }
  let response;
  try {
    response = await fetch('replayer/replays' + path + (search ? '?' + search : ''), { method, headers, body });
  } catch (error) {
    throw new ApiError(0, 'query-api cannot be reached (' + error.message + ')');
  }
  return answer(response);
}

export const replays = {
  list: () => replayer('GET', ''),
  pause: (id) => replayer('POST', '/' + encodeURIComponent(id) + '/pause'),
  resume: (id) => replayer('POST', '/' + encodeURIComponent(id) + '/resume'),
  speed: (id, factor) => replayer('PUT', '/' + encodeURIComponent(id) + '/speed', { query: { factor } }),
  seek: (id, position) => replayer('POST', '/' + encodeURIComponent(id) + '/seek', { query: { position } }),
  remove: (id) => replayer('DELETE', '/' + encodeURIComponent(id)),
  upload: (file, vehicleId, speed, loop) => replayer('POST', '', {
    query: { vehicle_id: vehicleId, speed, loop: loop ? 'true' : undefined },
    body: file,
    contentType: trackType(file.name),
  }),
};

/** The Content-Type of a track file, by its extension (the replayer picks its reader from it). */
export function trackType(name) {
  const lower = (name || '').toLowerCase();
  if (lower.endsWith('.gpx')) {
    return 'application/gpx+xml';
  }
  if (lower.endsWith('.nmea') || lower.endsWith('.nmea.txt')) {
    return 'application/x-nmea';
  }
  return 'text/csv';
}

/** A vehicle id the replayer accepts, made from a file name: "My drive (2).csv" -> "My-drive-2". */
export function vehicleIdFromFile(name) {
  const stem = (name || '').replace(/\.[^.]*$/, '');
  const id = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return id || 'upload';
}
