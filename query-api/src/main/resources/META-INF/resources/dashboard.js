// GPS Replay fleet dashboard: the page's data and how it flows.
//
// One EventSource on /stream gives every vehicle's current state, then every fix as it arrives
// (event "fix", data = VehicleState JSON); GET /vehicles (paged or not) fills and reconciles the fleet
// on (re)connection. Each fix only marks its vehicle dirty; one requestAnimationFrame at a time,
// at most a few per second, moves the dirty markers in place and redraws what changed, so a fleet
// of thousands costs the same number of frames as one vehicle. Selecting a vehicle loads its
// history once (GET /vehicles/{id}/track); from then on its track and charts grow from the stream.
//
// For tests and tools the DOM says what is shown: #dashboard[data-vehicle] (selected),
// #map[data-markers|data-track-points|data-hover-index], .vehicle-marker[data-vehicle][data-state],
// #chart-*[data-points], #fix-table[data-rows], #connection[data-state], #replay-state[data-state].
'use strict';

import { allVehicles, getJson } from './api.js';
import { TrackCharts } from './charts.js';
import { ReplayControls, showMessage } from './controls.js';
import { FleetMap } from './map.js';

const HISTORY_LIMIT = 10000; // the largest page GET /vehicles/{id}/track serves by default
const MAX_POINTS = 20000; // per selected vehicle; the oldest are forgotten beyond that
const TABLE_ROWS = 12;
const RECONNECT_MS = 5000; // after the server refused the stream (503: Redis unavailable)
const FRAME_MS = 200; // at most five redraws a second, whatever the fix rate
const CHART_MS = 500; // the charts redraw every fix of the selection at most twice a second
const RECONCILE_MS = 60000; // vehicles that expired from the view leave the map this often

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- state

/** vehicle id -> its latest VehicleState */
const vehicles = new Map();
/** vehicles whose marker or list entry must be redrawn */
const dirty = new Set();
const selection = { id: null, loading: false, pending: [], last: null, token: 0, fitted: false };
/** the selected vehicle's fixes as parallel arrays: time (ms), position, values, cumulative metres */
const series = { t: [], lat: [], lon: [], ele: [], speed: [], cum: [], fixes: [] };
let seriesVersion = 0; // bumped when the series is rebuilt rather than appended to
let seriesChanged = false;
let expected = null; // a vehicle just uploaded: selected once it appears
// the user has placed the map (Whole fleet, a drag, the wheel): the automatic first choice of a
// vehicle then leaves the map where it is, and a history still loading does not zoom away from it
let mapPlacedByUser = false;
let fleetMap;
let charts;
let controls;

// ---------------------------------------------------------------- the stream

let source = null;
let opens = 0;
let reconnectTimer = null;

function connect() {
  clearTimeout(reconnectTimer);
  setConnection('connecting', 'connecting…');
  source = new EventSource('stream');
  source.onopen = () => {
    setConnection('live', 'live');
    opens += 1;
    reconcile();
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

/** Every vehicle from GET /vehicles: adds the missing, drops those the view no longer has. */
async function reconcile() {
  try {
    const list = await allVehicles();
    const ids = new Set(list.map((state) => state.vehicle_id));
    list.forEach((state) => {
      const known = vehicles.get(state.vehicle_id);
      if (!known || state.sequence > known.sequence || state.updated_at > known.updated_at) {
        onState(state);
      }
    });
    [...vehicles.keys()].filter((id) => !ids.has(id)).forEach(forget);
    scheduleRender();
  } catch (error) {
    // the stream goes on; the next reconnection or period tries again
  }
}

function forget(id) {
  vehicles.delete(id);
  fleetMap.removeVehicle(id);
  const item = listItems.get(id);
  if (item) {
    item.li.remove();
    listItems.delete(id);
  }
  listOrderStale = true;
}

function onState(state) {
  const id = state.vehicle_id;
  if (!vehicles.has(id)) {
    listOrderStale = true;
  }
  vehicles.set(id, state);
  dirty.add(id);
  if (id === expected) {
    expected = null;
    select(id);
  } else if (!selection.id) {
    chooseDefaultSoon();
  }
  if (id === selection.id) {
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

let defaultTimer = null;

/** The vehicle named in the address (#vehicle=...), or else the most recently updated one. */
function chooseDefaultSoon() {
  if (defaultTimer) {
    return;
  }
  defaultTimer = setTimeout(() => {
    defaultTimer = null;
    if (selection.id || !vehicles.size) {
      return;
    }
    const wanted = new URLSearchParams(location.hash.slice(1)).get('vehicle');
    if (wanted && vehicles.has(wanted)) {
      select(wanted, !mapPlacedByUser);
      return;
    }
    const latest = [...vehicles.values()].reduce((a, b) => (b.updated_at > a.updated_at ? b : a));
    select(latest.vehicle_id, !mapPlacedByUser);
  }, 400);
}

// ---------------------------------------------------------------- selection and history

/** Selects a vehicle; its track is fitted into the map once its history is in, unless fit is false. */
function select(id, fit = true) {
  if (selection.id === id) {
    return;
  }
  const previous = selection.id;
  selection.id = id;
  selection.fitted = !fit;
  $('dashboard').dataset.vehicle = id;
  history.replaceState(null, '', '#vehicle=' + encodeURIComponent(id));
  fleetMap.select(id, previous);
  dirty.add(id);
  if (previous) {
    dirty.add(previous);
  }
  clearSeries();
  loadHistory(id);
  controls.render();
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
  if (!selection.fitted) {
    selection.fitted = true;
    fleetMap.fitTrack(series);
  }
  scheduleRender();
}

function clearSeries() {
  Object.values(series).forEach((values) => { values.length = 0; });
  seriesVersion += 1;
  seriesChanged = true;
}

/**
 * Appends a fix of the selected vehicle. A fix earlier than the last one (a seek backwards) first
 * cuts the series back to before it, so the track and charts rewind with the replay.
 */
function addFix(fix) {
  const time = Date.parse(fix.time);
  let n = series.t.length;
  if (n && time <= series.t[n - 1]) {
    if (time === series.t[n - 1]) {
      return;
    }
    const keep = firstIndexAtOrAfter(time);
    Object.values(series).forEach((values) => { values.length = keep; });
    seriesVersion += 1;
    n = keep;
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
    seriesVersion += 1;
  }
  seriesChanged = true;
}

function firstIndexAtOrAfter(time) {
  let low = 0;
  let high = series.t.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (series.t[middle] < time) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

function haversineMeters(lat1, lon1, lat2, lon2) {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2
    + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

// ---------------------------------------------------------------- rendering, one frame at a time

let frameQueued = false;
let lastFrame = 0;
let lastCharts = 0;

function scheduleRender() {
  if (frameQueued) {
    return;
  }
  frameQueued = true;
  const wait = Math.max(0, FRAME_MS - (performance.now() - lastFrame));
  setTimeout(() => requestAnimationFrame(frame), wait);
}

function frame(now) {
  frameQueued = false;
  lastFrame = performance.now();
  renderFleet();
  renderStatus();
  if (seriesChanged) {
    fleetMap.drawTrack(series, seriesVersion);
    renderTable();
    if (now - lastCharts >= CHART_MS) {
      lastCharts = now;
      charts.draw(series);
      seriesChanged = false;
    } else {
      scheduleRender(); // the charts' turn comes in a later frame
    }
  }
  if (selection.id && $('follow').checked) {
    fleetMap.follow(selection.id);
  }
}

function renderFleet() {
  dirty.forEach((id) => {
    const state = vehicles.get(id);
    if (!state) {
      return;
    }
    const fix = state.fix;
    fleetMap.updateVehicle(id, fix.latitude, fix.longitude, fix.bearing_degrees,
      id + ' · ' + formatNumber(kmh(fix.speed_meters_per_second), 0) + ' km/h');
    renderListItem(id, state);
  });
  dirty.clear();
  if (listOrderStale) {
    orderList();
  }
  if (vehicles.size) {
    fleetMap.fitFleet(false);
  }
  setText('vehicle-count', vehicles.size ? '(' + vehicles.size + ')' : '');
  $('no-vehicles').hidden = vehicles.size > 0;
}

// ---------------------------------------------------------------- the vehicle list

const listItems = new Map(); // vehicle id -> its elements, kept so focus survives updates
let listOrderStale = false;

function renderListItem(id, state) {
  let item = listItems.get(id);
  if (!item) {
    item = createListItem(id);
    listItems.set(id, item);
    listOrderStale = true;
  }
  const share = state.track_size ? (state.track_position + 1) / state.track_size : 0;
  item.button.setAttribute('aria-pressed', String(id === selection.id));
  item.meta.textContent = formatNumber(kmh(state.fix.speed_meters_per_second), 1) + ' km/h · '
    + (state.track_position + 1) + '/' + state.track_size;
  item.bar.style.width = (share * 100).toFixed(1) + '%';
  const replay = controls.replays.get(id);
  item.li.dataset.state = replay ? replay.state : '';
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
  const bar = document.createElement('span');
  bar.className = 'bar';
  const fill = document.createElement('span');
  bar.append(fill);
  button.append(name, meta, bar);
  button.addEventListener('click', () => select(id));
  li.append(button);
  return { li, button, meta, bar: fill };
}

function orderList() {
  listOrderStale = false;
  const list = $('vehicle-list');
  const ids = [...listItems.keys()].sort();
  ids.forEach((id, index) => {
    const li = listItems.get(id).li;
    if (list.children[index] !== li) {
      list.insertBefore(li, list.children[index] || null);
    }
  });
  applyFilter();
}

function applyFilter() {
  const text = $('vehicle-filter').value.trim().toLowerCase();
  listItems.forEach((item, id) => { item.li.hidden = Boolean(text) && !id.toLowerCase().includes(text); });
}

// ---------------------------------------------------------------- the selected vehicle

function renderStatus() {
  const state = selection.id ? vehicles.get(selection.id) : null;
  setText('selected-name', selection.id || 'No vehicle selected');
  if (!state) {
    return;
  }
  const fix = state.fix;
  setText('now-speed', formatNumber(fix.speed_meters_per_second, 2));
  setText('now-speed-kmh', formatNumber(kmh(fix.speed_meters_per_second), 1));
  setText('now-elevation', formatNumber(fix.elevation_meters, 1));
  setText('now-heading', formatNumber(fix.bearing_degrees, 0));
  const cum = series.cum.length ? series.cum[series.cum.length - 1] : null;
  setText('now-distance', formatNumber(cum === null ? null : cum / 1000, 3));
  setText('now-time', fix.time.slice(11, 19));
  setText('now-date', fix.time.slice(0, 10));
  $('now-age').dataset.updated = state.updated_at;
  controls.render();
}

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
    + `<td>${Number.isFinite(fix.satellites) ? fix.satellites : '–'}</td>`
    + `<td>${formatNumber(fix.hdop, 1)}</td>`
    + '</tr>').join('');
  table.dataset.rows = String(rows.length);
}

/** "3 s ago" texts: refreshed every second from the clock, not from the server. */
function updateAges() {
  const element = $('now-age');
  if (element.dataset.updated) {
    element.textContent = age(Date.parse(element.dataset.updated));
  }
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

// ---------------------------------------------------------------- numbers

function kmh(metresPerSecond) {
  return metresPerSecond == null ? null : metresPerSecond * 3.6;
}

function formatNumber(value, digits) {
  return value == null || !Number.isFinite(Number(value)) ? '–' : Number(value).toFixed(digits);
}

function setText(id, text) {
  const element = $(id);
  if (element.textContent !== text) {
    element.textContent = text;
  }
}

function mapPlaced() {
  mapPlacedByUser = true;
  selection.fitted = true;
}

// ---------------------------------------------------------------- start

async function start() {
  let settings = { tiles_url: null, tiles_attribution: null };
  try {
    settings = await getJson('dashboard/config');
  } catch (error) {
    showMessage('The dashboard settings could not be read (' + error.message + '): the map has no background.', 'note');
  }
  fleetMap = new FleetMap($('map'), settings, (id) => select(id));
  fleetMap.onPlacedByUser(mapPlaced);
  window.gpsReplayMap = fleetMap.map; // the Leaflet map, for the console and for tests
  charts = new TrackCharts((index) => fleetMap.markPoint(index, series));
  controls = new ReplayControls({
    selected: () => selection.id,
    vehicleState: (id) => vehicles.get(id),
    replaysChanged: () => {
      controls.replays.forEach((replay, id) => fleetMap.setState(id, replay.state));
      vehicles.forEach((state, id) => {
        if (!controls.replays.has(id)) {
          fleetMap.setState(id, '');
        }
        dirty.add(id);
      });
      controls.render();
      scheduleRender();
    },
    expectVehicle: (id) => {
      if (vehicles.has(id)) {
        select(id);
      } else {
        expected = id;
      }
    },
  });
  $('follow').addEventListener('change', () => scheduleRender());
  $('labels').addEventListener('change', () => fleetMap.showLabels($('labels').checked));
  $('fit-fleet').addEventListener('click', () => {
    $('follow').checked = false; // the user asked for the whole fleet: stop chasing one vehicle
    mapPlaced();
    fleetMap.fitFleet(true);
  });
  $('vehicle-filter').addEventListener('input', applyFilter);
  setInterval(updateAges, 1000);
  setInterval(reconcile, RECONCILE_MS);
  connect();
}

start();
