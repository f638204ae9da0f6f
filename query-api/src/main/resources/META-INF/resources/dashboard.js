// GPS Replay live dashboard: no library, no build step.
//
// Data flow: one EventSource on /stream gives every vehicle's current state, then every fix as it
// arrives (SSE events named "fix", data = VehicleState JSON). Selecting a vehicle loads its history
// once (GET /vehicles/{id}/track); from then on everything is updated from the stream only, never
// by polling. The drawing is throttled to a few frames a second, whatever the fix rate.
//
// For tests and tools, the DOM says what is drawn: data-points on #track-path and on each chart
// (#chart-speed, #chart-elevation, #chart-distance), data-rows on #fix-table, data-vehicle on
// #dashboard (the selected vehicle) and data-state on #connection (connecting | live | disconnected).
'use strict';

(() => {
  const HISTORY_LIMIT = 10000; // the largest page GET /vehicles/{id}/track serves by default
  const MAX_POINTS = 20000; // per selected vehicle; the oldest are forgotten beyond that
  const TABLE_ROWS = 15;
  const RECONNECT_MS = 5000; // after the server refused the stream (503: Redis unavailable)
  const RENDER_EVERY_MS = 250;
  const EARTH_CIRCUMFERENCE_M = 40075016.686;
  const MAP_W = 800;
  const MAP_H = 500;
  const CHART_W = 600;
  const CHART_H = 200;

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- state

  /** vehicle id -> its latest VehicleState, from the stream */
  const vehicles = new Map();
  /** the selected vehicle and the loading of its history */
  const selection = { id: null, byUser: false, loading: false, pending: [], last: null, token: 0 };
  /** the selected vehicle's fixes, as parallel arrays: time (ms), position, values, cumulative metres */
  const series = { t: [], lat: [], lon: [], ele: [], speed: [], cum: [], fixes: [] };

  let source = null;
  let opens = 0;
  let reconnectTimer = null;
  let defaultTimer = null;

  // ---------------------------------------------------------------- the stream

  function connect() {
    clearTimeout(reconnectTimer);
    setConnection('connecting', 'connecting…');
    source = new EventSource('stream');
    source.onopen = () => {
      setConnection('live', 'live');
      opens += 1;
      if (opens > 1 && selection.id) {
        loadHistory(selection.id); // fixes may have been missed while disconnected
      }
    };
    source.addEventListener('fix', (event) => onState(JSON.parse(event.data)));
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // the server answered with an error (503 while Redis is away): the browser gave up, retry later
        source.close();
        setConnection('disconnected', 'disconnected, retrying in ' + RECONNECT_MS / 1000 + ' s');
        reconnectTimer = setTimeout(connect, RECONNECT_MS);
      } else {
        setConnection('disconnected', 'disconnected, reconnecting…'); // the browser retries by itself
      }
    };
  }

  function setConnection(state, label) {
    const box = $('connection');
    box.dataset.state = state;
    box.querySelector('.label').textContent = label;
  }

  function onState(state) {
    vehicles.set(state.vehicle_id, state);
    if (!selection.id) {
      chooseDefaultSoon();
    } else if (state.vehicle_id === selection.id) {
      if (selection.loading) {
        selection.pending.push(state);
      } else {
        applyLive(state);
      }
    }
    scheduleRender();
  }

  function applyLive(state) {
    const last = selection.last;
    if (last && state.sequence < last.sequence) {
      loadHistory(selection.id); // a new replay run: its history starts over
      return;
    }
    selection.last = state;
    addFix(state.fix);
  }

  /** The most recently updated vehicle, once the first burst of current states has arrived. */
  function chooseDefaultSoon() {
    if (defaultTimer) {
      return;
    }
    defaultTimer = setTimeout(() => {
      defaultTimer = null;
      if (!selection.id && vehicles.size) {
        const latest = [...vehicles.values()].reduce((a, b) => (Date.parse(b.updated_at) > Date.parse(a.updated_at) ? b : a));
        select(latest.vehicle_id, false);
      }
    }, 300);
  }

  // ---------------------------------------------------------------- selection and history

  function select(id, byUser) {
    selection.byUser = selection.byUser || byUser;
    if (selection.id === id) {
      return;
    }
    selection.id = id;
    $('dashboard').dataset.vehicle = id;
    clearSeries();
    loadHistory(id);
    scheduleRender();
  }

  async function loadHistory(id) {
    const token = ++selection.token;
    selection.loading = true;
    selection.pending = [];
    selection.last = null;
    setText('history-state', 'loading history…');
    const base = 'vehicles/' + encodeURIComponent(id) + '/track?limit=' + HISTORY_LIMIT;
    let note;
    let fixes = [];
    try {
      let page = await getJson(base);
      const current = vehicles.get(id);
      if (page.count >= HISTORY_LIMIT && current) {
        // a page holds the earliest fixes: for a longer history, ask for the newest span of that length instead
        const first = Date.parse(page.fixes[0].time);
        const lastTime = Date.parse(page.fixes[page.count - 1].time);
        const now = Date.parse(current.fix.time);
        if (now > lastTime) {
          page = await getJson(base + '&from=' + encodeURIComponent(new Date(now - (lastTime - first)).toISOString()));
        }
      }
      fixes = page.fixes;
      note = page.count + ' fixes of history, then live';
    } catch (error) {
      note = 'history unavailable (' + error.message + '), live only';
    }
    if (token !== selection.token) {
      return; // another vehicle was selected meanwhile
    }
    clearSeries();
    fixes.forEach(addFix);
    selection.loading = false;
    const pending = selection.pending;
    selection.pending = [];
    pending.forEach(applyLive);
    const current = vehicles.get(id);
    if (current && (!selection.last || current.sequence > selection.last.sequence)) {
      applyLive(current);
    }
    setText('history-state', note);
    scheduleRender();
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      let detail = 'HTTP ' + response.status;
      try {
        detail = (await response.json()).detail || detail;
      } catch (ignored) {
        // not a problem document
      }
      throw new Error(detail);
    }
    return response.json();
  }

  function clearSeries() {
    Object.values(series).forEach((values) => { values.length = 0; });
  }

  /** Appends a fix of the selected vehicle unless it is not newer than the last one. */
  function addFix(fix) {
    const time = Date.parse(fix.time);
    const n = series.t.length;
    if (n && time <= series.t[n - 1]) {
      return;
    }
    const step = n ? haversineMeters(series.lat[n - 1], series.lon[n - 1], fix.latitude, fix.longitude) : 0;
    series.t.push(time);
    series.lat.push(fix.latitude);
    series.lon.push(fix.longitude);
    series.ele.push(fix.elevation_meters ?? null);
    series.speed.push(fix.speed_meters_per_second ?? null);
    series.cum.push(n ? series.cum[n - 1] + step : 0);
    series.fixes.push(fix);
    if (series.t.length > MAX_POINTS) {
      Object.values(series).forEach((values) => values.splice(0, values.length - MAX_POINTS));
    }
  }

  function haversineMeters(lat1, lon1, lat2, lon2) {
    const r = Math.PI / 180;
    const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2
      + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  // ---------------------------------------------------------------- rendering

  let renderQueued = false;
  let lastRender = 0;

  function scheduleRender() {
    if (renderQueued) {
      return;
    }
    renderQueued = true;
    const wait = Math.max(0, RENDER_EVERY_MS - (performance.now() - lastRender));
    setTimeout(() => requestAnimationFrame(() => {
      renderQueued = false;
      lastRender = performance.now();
      render();
    }), wait);
  }

  function render() {
    renderVehicleList();
    renderStatus();
    renderMap();
    renderCharts();
    renderTable();
  }

  const listItems = new Map(); // vehicle id -> its elements, kept so focus survives updates

  function renderVehicleList() {
    const list = $('vehicle-list');
    const ids = [...vehicles.keys()].sort();
    ids.forEach((id, index) => {
      let item = listItems.get(id);
      if (!item) {
        item = createListItem(id);
        listItems.set(id, item);
      }
      if (list.children[index] !== item.li) {
        list.insertBefore(item.li, list.children[index] || null);
      }
      const state = vehicles.get(id);
      const share = state.track_size ? (state.track_position + 1) / state.track_size : 0;
      item.button.setAttribute('aria-pressed', String(id === selection.id));
      item.meta.textContent = formatNumber(kmh(state.fix.speed_meters_per_second), 1) + ' km/h · '
        + (state.track_position + 1) + '/' + state.track_size;
      item.age.dataset.updated = state.updated_at;
      item.bar.style.width = (share * 100).toFixed(1) + '%';
    });
    $('vehicle-count').textContent = ids.length ? '(' + ids.length + ')' : '';
    $('no-vehicles').hidden = ids.length > 0;
    updateAges();
  }

  function createListItem(id) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.vehicle = id;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = id;
    const meta = document.createElement('span');
    meta.className = 'meta';
    const age = document.createElement('span');
    age.className = 'meta age';
    const bar = document.createElement('span');
    bar.className = 'bar';
    const fill = document.createElement('span');
    bar.append(fill);
    button.append(name, meta, age, bar);
    button.addEventListener('click', () => select(id, true));
    li.append(button);
    return { li, button, meta, age, bar: fill };
  }

  function renderStatus() {
    const state = selection.id ? vehicles.get(selection.id) : null;
    setText('selected-name', selection.id || 'No vehicle selected');
    if (!state) {
      return;
    }
    const fix = state.fix;
    const position = state.track_position + 1;
    const progress = $('track-progress');
    progress.max = Math.max(1, state.track_size);
    progress.value = position;
    setText('progress-text', position + ' / ' + state.track_size + ' (' + Math.round((100 * position) / Math.max(1, state.track_size)) + ' %)');
    setText('now-speed', formatNumber(fix.speed_meters_per_second, 2));
    setText('now-speed-kmh', formatNumber(kmh(fix.speed_meters_per_second), 1));
    setText('now-elevation', formatNumber(fix.elevation_meters, 1));
    const cum = series.cum.length ? series.cum[series.cum.length - 1] : null;
    setText('now-distance', formatNumber(cum === null ? null : cum / 1000, 3));
    setText('now-time', fix.time.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''));
    setText('now-sequence', String(state.sequence));
    $('now-age').dataset.updated = state.updated_at;
  }

  /** "3 s ago" texts: refreshed every second from the clock, not from the server. */
  function updateAges() {
    document.querySelectorAll('[data-updated]').forEach((element) => {
      if (element.dataset.updated) {
        element.textContent = age(Date.parse(element.dataset.updated));
      }
    });
  }

  function age(then) {
    const seconds = Math.max(0, (Date.now() - then) / 1000);
    if (seconds < 1) {
      return 'just now';
    }
    if (seconds < 90) {
      return Math.round(seconds) + ' s ago';
    }
    if (seconds < 5400) {
      return Math.round(seconds / 60) + ' min ago';
    }
    return Math.round(seconds / 3600) + ' h ago';
  }

  // ---------------------------------------------------------------- map: Web Mercator fitted to the track

  const mercatorX = (lon) => (lon + 180) / 360;
  const mercatorY = (lat) => {
    const sin = Math.sin((lat * Math.PI) / 180);
    return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  };
  const latitudeOf = (y) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;

  let tilesKey = '';

  function renderMap() {
    const n = series.t.length;
    const path = $('track-path');
    if (!n) {
      path.setAttribute('d', '');
      path.dataset.points = '0';
      ['map-markers', 'map-grid', 'map-scale', 'map-tiles'].forEach((id) => { $(id).innerHTML = ''; });
      tilesKey = '';
      return;
    }
    const view = fitView();
    let d = '';
    for (let i = 0; i < n; i += 1) {
      const [x, y] = view.project(series.lat[i], series.lon[i]);
      d += (i ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1);
    }
    path.setAttribute('d', d);
    path.dataset.points = String(n);
    renderGrid(view);
    renderScale(view);
    renderMarkers(view);
    renderTiles(view);
  }

  function fitView() {
    let minX = Infinity; let maxX = -Infinity; let minY = Infinity; let maxY = -Infinity; let latSum = 0;
    for (let i = 0; i < series.t.length; i += 1) {
      const x = mercatorX(series.lon[i]);
      const y = mercatorY(series.lat[i]);
      minX = Math.min(minX, x); maxX = Math.max(maxX, x);
      minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      latSum += series.lat[i];
    }
    const latitude = latSum / series.t.length;
    const metresPerUnit = EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180);
    const minSpan = 250 / metresPerUnit; // never zoom closer than 250 m across
    const spanX = Math.max(maxX - minX, minSpan);
    const spanY = Math.max(maxY - minY, minSpan);
    const scale = Math.min((MAP_W * 0.88) / spanX, (MAP_H * 0.84) / spanY); // px per world unit
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    return {
      scale,
      cx,
      cy,
      metresPerPx: metresPerUnit / scale,
      project: (lat, lon) => [MAP_W / 2 + (mercatorX(lon) - cx) * scale, MAP_H / 2 + (mercatorY(lat) - cy) * scale],
      worldX: (px) => cx + (px - MAP_W / 2) / scale,
      worldY: (py) => cy + (py - MAP_H / 2) / scale,
    };
  }

  function renderGrid(view) {
    const west = view.worldX(0) * 360 - 180;
    const east = view.worldX(MAP_W) * 360 - 180;
    const north = latitudeOf(view.worldY(0));
    const south = latitudeOf(view.worldY(MAP_H));
    const step = niceStep((east - west) / 5);
    const digits = Math.max(0, -Math.floor(Math.log10(step)));
    let svg = '';
    for (let lon = Math.ceil(west / step) * step; lon <= east; lon += step) {
      const [x] = view.project(0, lon);
      svg += `<line x1="${x.toFixed(1)}" y1="0" x2="${x.toFixed(1)}" y2="${MAP_H}"/>`
        + `<text x="${(x + 3).toFixed(1)}" y="13">${lon.toFixed(digits)}°</text>`;
    }
    for (let lat = Math.ceil(south / step) * step; lat <= north; lat += step) {
      const y = view.project(lat, 0)[1];
      svg += `<line x1="0" y1="${y.toFixed(1)}" x2="${MAP_W}" y2="${y.toFixed(1)}"/>`
        + `<text x="4" y="${(y - 3).toFixed(1)}">${lat.toFixed(digits)}°</text>`;
    }
    $('map-grid').innerHTML = svg;
  }

  function renderScale(view) {
    const metres = niceFloor(view.metresPerPx * 160);
    const width = metres / view.metresPerPx;
    const label = metres >= 1000 ? metres / 1000 + ' km' : metres + ' m';
    $('map-scale').innerHTML = `<rect x="-6" y="-20" width="${(width + 12).toFixed(1)}" height="28" rx="4"/>`
      + `<line x1="0" y1="0" x2="${width.toFixed(1)}" y2="0"/>`
      + `<line x1="0" y1="-5" x2="0" y2="4"/><line x1="${width.toFixed(1)}" y1="-5" x2="${width.toFixed(1)}" y2="4"/>`
      + `<text x="${(width / 2).toFixed(1)}" y="-7" text-anchor="middle">${label}</text>`;
  }

  function renderMarkers(view) {
    const n = series.t.length;
    const [sx, sy] = view.project(series.lat[0], series.lon[0]);
    const [x, y] = view.project(series.lat[n - 1], series.lon[n - 1]);
    const bearing = series.fixes[n - 1].bearing_degrees;
    const heading = bearing == null ? ''
      : `<path class="marker-heading" d="M0 -19 L6 -9 L-6 -9 Z" transform="translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(${bearing})"/>`;
    $('map-markers').innerHTML = `<circle class="marker-start" cx="${sx.toFixed(1)}" cy="${sy.toFixed(1)}" r="6"><title>start of the shown track</title></circle>`
      + heading
      + `<circle class="marker-now" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="8"><title>current position</title></circle>`;
  }

  /** OpenStreetMap tiles under the track, only when asked for: the map works offline without them. */
  function renderTiles(view) {
    const layer = $('map-tiles');
    const on = $('tiles-toggle').checked;
    $('map-attribution').textContent = on ? '© OpenStreetMap contributors' : 'Web Mercator · no background map';
    if (!on) {
      layer.innerHTML = '';
      tilesKey = '';
      return;
    }
    const zoom = Math.max(0, Math.min(19, Math.round(Math.log2(view.scale / 256))));
    const count = 2 ** zoom;
    const size = view.scale / count;
    const key = [zoom, view.cx.toFixed(9), view.cy.toFixed(9), view.scale.toFixed(0)].join('/');
    if (key === tilesKey) {
      return;
    }
    tilesKey = key;
    let svg = '';
    const firstX = Math.floor(view.worldX(0) * count);
    const lastX = Math.floor(view.worldX(MAP_W) * count);
    const firstY = Math.max(0, Math.floor(view.worldY(0) * count));
    const lastY = Math.min(count - 1, Math.floor(view.worldY(MAP_H) * count));
    for (let tx = firstX; tx <= lastX; tx += 1) {
      for (let ty = firstY; ty <= lastY; ty += 1) {
        const px = MAP_W / 2 + (tx / count - view.cx) * view.scale;
        const py = MAP_H / 2 + (ty / count - view.cy) * view.scale;
        const wrapped = ((tx % count) + count) % count;
        svg += `<image href="https://tile.openstreetmap.org/${zoom}/${wrapped}/${ty}.png" x="${px.toFixed(1)}" y="${py.toFixed(1)}"`
          + ` width="${(size + 0.5).toFixed(1)}" height="${(size + 0.5).toFixed(1)}" preserveAspectRatio="none"/>`;
      }
    }
    layer.innerHTML = svg;
  }

  // ---------------------------------------------------------------- charts over track time

  function renderCharts() {
    renderChart($('chart-speed'), series.speed, { zeroBased: true, digits: 1, right: (v) => formatNumber(kmh(v), 0) });
    renderChart($('chart-elevation'), series.ele, { zeroBased: false, digits: 0 });
    renderChart($('chart-distance'), series.cum.map((m) => m / 1000), { zeroBased: true, digits: 2 });
  }

  function renderChart(svg, values, options) {
    const left = 46;
    const right = options.right ? 40 : 12;
    const top = 10;
    const bottom = 24;
    const width = CHART_W - left - right;
    const height = CHART_H - top - bottom;
    const points = [];
    for (let i = 0; i < values.length; i += 1) {
      if (values[i] !== null && Number.isFinite(values[i])) {
        points.push(i);
      }
    }
    svg.dataset.points = String(points.length);
    if (!points.length) {
      svg.innerHTML = `<text class="none" x="${CHART_W / 2}" y="${CHART_H / 2}" text-anchor="middle">no data yet</text>`;
      return;
    }
    const t0 = series.t[points[0]];
    const t1 = Math.max(series.t[points[points.length - 1]], t0 + 1000);
    let low = options.zeroBased ? 0 : Infinity;
    let high = -Infinity;
    points.forEach((i) => { low = Math.min(low, values[i]); high = Math.max(high, values[i]); });
    if (high - low < 1e-9) {
      high = low + 1;
    }
    const ticks = niceTicks(low, high, 4);
    low = ticks[0];
    high = ticks[ticks.length - 1];
    const x = (t) => left + ((t - t0) / (t1 - t0)) * width;
    const y = (v) => top + height - ((v - low) / (high - low)) * height;

    let svgText = '<g class="axis">';
    ticks.forEach((v) => {
      const py = y(v).toFixed(1);
      svgText += `<line x1="${left}" y1="${py}" x2="${left + width}" y2="${py}"/>`
        + `<text x="${left - 6}" y="${py}" dy="4" text-anchor="end">${formatNumber(v, options.digits)}</text>`;
      if (options.right) {
        svgText += `<text x="${left + width + 6}" y="${py}" dy="4">${options.right(v)}</text>`;
      }
    });
    timeTicks(t1 - t0).forEach((offset) => {
      const px = x(t0 + offset).toFixed(1);
      svgText += `<text x="${px}" y="${CHART_H - 6}" text-anchor="middle">${formatDuration(offset)}</text>`;
    });
    svgText += '</g>';
    let line = '';
    points.forEach((i, k) => { line += (k ? 'L' : 'M') + x(series.t[i]).toFixed(1) + ' ' + y(values[i]).toFixed(1); });
    const lastIndex = points[points.length - 1];
    const base = y(low).toFixed(1);
    svgText += `<path class="area" d="${line}L${x(series.t[lastIndex]).toFixed(1)} ${base}L${x(t0).toFixed(1)} ${base}Z"/>`
      + `<path class="line" d="${line}"/>`
      + `<rect class="frame" x="${left}" y="${top}" width="${width}" height="${height}"/>`
      + `<circle class="end" cx="${x(series.t[lastIndex]).toFixed(1)}" cy="${y(values[lastIndex]).toFixed(1)}" r="3.5"/>`;
    svg.innerHTML = svgText;
  }

  /** Elapsed-time ticks: a round step giving about six labels. */
  function timeTicks(spanMs) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400];
    const step = (steps.find((s) => spanMs / 1000 / s <= 6) || 86400) * 1000;
    const ticks = [];
    for (let t = 0; t <= spanMs; t += step) {
      ticks.push(t);
    }
    return ticks;
  }

  function formatDuration(ms) {
    const total = Math.round(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    return h ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
  }

  // ---------------------------------------------------------------- table

  function renderTable() {
    const table = $('fix-table');
    const rows = series.fixes.slice(-TABLE_ROWS).reverse();
    table.tBodies[0].innerHTML = rows.map((fix) => '<tr>'
      + `<td>${fix.time.slice(11, 23)}</td>`
      + `<td>${formatNumber(fix.latitude, 6)}</td>`
      + `<td>${formatNumber(fix.longitude, 6)}</td>`
      + `<td>${formatNumber(fix.speed_meters_per_second, 2)}</td>`
      + `<td>${formatNumber(kmh(fix.speed_meters_per_second), 1)}</td>`
      + `<td>${formatNumber(fix.elevation_meters, 1)}</td>`
      + `<td>${formatNumber(fix.bearing_degrees, 0)}</td>`
      + `<td>${fix.satellites ?? '–'}</td>`
      + `<td>${formatNumber(fix.hdop, 1)}</td>`
      + '</tr>').join('');
    table.dataset.rows = String(rows.length);
  }

  // ---------------------------------------------------------------- numbers

  function kmh(metresPerSecond) {
    return metresPerSecond == null ? null : metresPerSecond * 3.6;
  }

  function formatNumber(value, digits) {
    return value == null || !Number.isFinite(Number(value)) ? '–' : Number(value).toFixed(digits);
  }

  /** 1, 2 or 5 times a power of ten, near the raw step. */
  function niceStep(raw) {
    const power = 10 ** Math.floor(Math.log10(raw));
    const fraction = raw / power;
    return (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10) * power;
  }

  /** The largest 1, 2 or 5 times a power of ten not above the value. */
  function niceFloor(value) {
    const power = 10 ** Math.floor(Math.log10(value));
    const fraction = value / power;
    return (fraction >= 5 ? 5 : fraction >= 2 ? 2 : 1) * power;
  }

  function niceTicks(low, high, count) {
    const step = niceStep((high - low) / count);
    const ticks = [];
    for (let v = Math.floor(low / step) * step; v < high + step * 0.999; v += step) {
      ticks.push(Number(v.toPrecision(12)));
    }
    return ticks;
  }

  function setText(id, text) {
    const element = $(id);
    if (element.textContent !== text) {
      element.textContent = text;
    }
  }

  // ---------------------------------------------------------------- start

  const tiles = $('tiles-toggle');
  tiles.checked = localStorage.getItem('gps-replay.tiles') === 'on';
  tiles.addEventListener('change', () => {
    localStorage.setItem('gps-replay.tiles', tiles.checked ? 'on' : 'off');
    tilesKey = '';
    scheduleRender();
  });
  setInterval(updateAges, 1000);
  connect();
})();
