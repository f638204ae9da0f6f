// Operating the replays from the page: pause/resume, speed, seek, delete, and starting a track from
// a file, all through query-api's proxy to the replayer with the operator's token. What the
// replayer answers is shown as it comes: its state in the controls, its problems' detail as messages.
'use strict';

import { ApiError, replays, saveToken, token, vehicleIdFromFile } from './api.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 2000;
const MESSAGE_MS = 12000;
const CONFIRM_MS = 4000;
const LISTED_ERRORS = 5;
/** Button icons as inline SVG: no icon font, no emoji font needed. */
const ICONS = {
  pause: '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><rect x="6" y="5" width="4" height="14"/><rect x="14" y="5" width="4" height="14"/></svg>',
  resume: '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M7 4.5v15l12.5-7.5z"/></svg>',
  restart: '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M5 6v5h5" fill="none"/><path d="M5.6 15a7 7 0 1 0 .9-6.9L5 11" fill="none"/></svg>',
};

/** Messages at the bottom of the page: errors stay until closed or replaced, notes fade. */
export function showMessage(text, kind = 'error', errors = []) {
  const box = $('messages');
  const item = document.createElement('div');
  item.className = 'message ' + kind;
  const body = document.createElement('div');
  const line = document.createElement('p');
  line.className = 'detail';
  line.textContent = text;
  body.append(line);
  if (errors.length) {
    const list = document.createElement('ul');
    errors.slice(0, LISTED_ERRORS).forEach((error) => {
      const li = document.createElement('li');
      li.textContent = (error.field ? error.field + ': ' : '') + error.reason;
      list.append(li);
    });
    if (errors.length > LISTED_ERRORS) {
      const li = document.createElement('li');
      li.textContent = '… ' + (errors.length - LISTED_ERRORS) + ' more';
      list.append(li);
    }
    body.append(list);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => remove());
  item.append(body, close);
  box.prepend(item);
  while (box.children.length > 4) {
    box.lastElementChild.remove();
  }
  box.dataset.count = String(box.children.length);
  function remove() {
    item.remove();
    box.dataset.count = String(box.children.length);
  }
  setTimeout(remove, kind === 'error' ? MESSAGE_MS * 2 : MESSAGE_MS);
}

function reportFailure(action, error) {
  const detail = error instanceof ApiError ? error.message : String(error);
  const status = error instanceof ApiError && error.status ? ' (' + error.status + ')' : '';
  showMessage(action + ' failed' + status + ': ' + detail, 'error', error.errors || []);
}

/**
 * The controls of the selected vehicle's replay.
 *
 * @param app what the controls read and tell: selected() -> id, vehicleState(id), replaysChanged(),
 *            expectVehicle(id) (select it once it appears)
 */
export class ReplayControls {
  constructor(app) {
    this.app = app;
    this.replays = new Map(); // vehicle id -> the replayer's status
    this.replayerProblem = null; // why the last poll failed, or null
    this.seeking = false; // the user holds the scrubber: don't move it under their finger
    this.busy = false;
    this.speedEdited = null; // the vehicle whose speed the user is typing, not yet applied
    this.bindButtons();
    this.bindUpload();
    this.bindToken();
    this.poll();
  }

  // ------------------------------------------------------------ the replayer's state

  async poll() {
    await this.refresh();
    setTimeout(() => this.poll(), POLL_MS);
  }

  /** Reads every replay's state from the replayer once. */
  async refresh() {
    try {
      const list = await replays.list();
      this.replays = new Map((list || []).map((status) => [status.vehicle_id, status]));
      this.replayerProblem = null;
    } catch (error) {
      this.replayerProblem = error;
    }
    this.app.replaysChanged();
  }

  /** Takes the replay the replayer answered an action with, then shows it at once. */
  took(status) {
    if (status && status.vehicle_id) {
      this.replays.set(status.vehicle_id, status);
    }
    this.app.replaysChanged();
  }

  async act(name, call) {
    if (this.busy) {
      return;
    }
    this.busy = true;
    this.render();
    try {
      this.took(await call());
    } catch (error) {
      reportFailure(name, error);
    } finally {
      this.busy = false;
      this.render();
    }
  }

  // ------------------------------------------------------------ buttons

  bindButtons() {
    $('toggle-play').addEventListener('click', () => {
      const id = this.app.selected();
      const action = $('toggle-play').dataset.action;
      if (action === 'pause') {
        this.act('Pause', () => replays.pause(id));
      } else if (action === 'resume') {
        this.act('Resume', () => replays.resume(id));
      } else if (action === 'restart') {
        this.act('Restart', () => replays.seek(id, 0));
      }
    });
    document.querySelectorAll('.speed-preset').forEach((button) => button.addEventListener('click', () => {
      $('speed-input').value = button.dataset.speed;
      this.setSpeed(button.dataset.speed);
    }));
    $('speed-apply').addEventListener('click', () => this.setSpeed($('speed-input').value));
    // what the user types stays until applied: the replayer's speed must not overwrite it meanwhile
    $('speed-input').addEventListener('input', () => { this.speedEdited = this.app.selected(); });
    $('speed-input').addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        this.setSpeed($('speed-input').value);
      }
    });
    const seek = $('seek');
    seek.addEventListener('pointerdown', () => { this.seeking = true; });
    seek.addEventListener('input', () => this.showSeekLabel(Number(seek.value), Number(seek.max) + 1));
    seek.addEventListener('change', () => {
      this.seeking = false;
      const id = this.app.selected();
      const position = seek.value; // taken now: redrawing the controls moves the slider back to the live position
      this.act('Seek', () => replays.seek(id, position));
    });
    const remove = $('delete-replay');
    remove.addEventListener('click', () => {
      const id = this.app.selected();
      if (remove.dataset.confirm !== 'yes') {
        remove.dataset.confirm = 'yes';
        remove.textContent = 'Really delete ' + id + '?';
        setTimeout(() => this.resetDelete(), CONFIRM_MS);
        return;
      }
      this.resetDelete();
      this.act('Delete', async () => {
        await replays.remove(id);
        this.replays.delete(id);
        showMessage('The replay of ' + id + ' was stopped and deleted; its last state stays on the map.', 'note');
        return null;
      });
    });
  }

  resetDelete() {
    const remove = $('delete-replay');
    remove.dataset.confirm = '';
    remove.textContent = 'Delete';
  }

  setSpeed(value) {
    const id = this.app.selected();
    this.speedEdited = null;
    if (value === '' || value == null) {
      return;
    }
    this.act('Speed change', () => replays.speed(id, value));
  }

  showSeekLabel(position, total) {
    $('seek-label').textContent = total > 0 ? (position + 1) + ' / ' + total : '–';
  }

  /** Shows the selected vehicle's replay: state, position, speed; enables what can be done. */
  render() {
    const id = this.app.selected();
    const replay = id ? this.replays.get(id) : null;
    const state = replay ? replay.state : '';
    const badge = $('replay-state');
    badge.dataset.state = state;
    badge.textContent = replay ? state + ' · ' + formatSpeed(replay.speed) : id ? 'no replay' : '–';
    const usable = Boolean(replay) && !this.busy;
    const toggle = $('toggle-play');
    const action = state === 'PAUSED' ? 'resume' : state === 'FINISHED' ? 'restart' : 'pause';
    if (toggle.dataset.action !== action) {
      toggle.dataset.action = action;
      toggle.innerHTML = ICONS[action] + (action === 'pause' ? 'Pause' : action === 'resume' ? 'Resume' : 'Restart');
    }
    toggle.disabled = !usable;
    document.querySelectorAll('.speed-preset').forEach((button) => {
      button.disabled = !usable;
      button.setAttribute('aria-pressed', String(Boolean(replay) && Number(button.dataset.speed) === replay.speed));
    });
    const speedInput = $('speed-input');
    speedInput.disabled = !usable;
    $('speed-apply').disabled = !usable;
    if (replay && this.speedEdited !== id) {
      speedInput.value = String(replay.speed);
    }
    $('delete-replay').disabled = !usable;
    this.renderSeek(id, replay, usable);
    this.renderNote(id, replay);
  }

  renderSeek(id, replay, usable) {
    const seek = $('seek');
    seek.disabled = !usable || !replay || replay.total < 1;
    if (!replay || this.seeking) {
      if (!replay) {
        this.showSeekLabel(0, 0);
      }
      return;
    }
    const live = this.app.vehicleState(id);
    // the fix on the map is the freshest position; the replayer's says where it will go on
    const position = live && live.track_size === replay.total ? live.track_position
      : Math.max(0, Math.min(replay.total - 1, replay.position - 1));
    seek.max = String(Math.max(0, replay.total - 1));
    seek.value = String(position);
    seek.style.setProperty('--progress', ((100 * position) / Math.max(1, replay.total - 1)).toFixed(2) + '%');
    this.showSeekLabel(position, replay.total);
  }

  renderNote(id, replay) {
    const note = $('controls-note');
    let text;
    if (!id) {
      text = 'Select a vehicle to operate its replay.';
    } else if (this.replayerProblem) {
      const status = this.replayerProblem.status;
      text = (status === 401 || status === 403
        ? 'The replayer refused the controls (' + status + '): ' + this.replayerProblem.message + ' Set the operator token (top right).'
        : 'Replay controls unavailable: ' + this.replayerProblem.message);
    } else if (!replay) {
      text = 'The replayer has no replay of ' + id + ' (deleted, or replayed elsewhere): start one from a file.';
    } else {
      text = 'Track ' + replay.source + ' · ' + replay.fixes_emitted + ' fixes emitted'
        + (replay.rows_rejected ? ' · ' + replay.rows_rejected + ' rows rejected' : '')
        + (replay.loop ? ' · looping (round ' + (replay.loop_iteration + 1) + ')' : '');
    }
    note.textContent = text;
    note.dataset.problem = this.replayerProblem ? String(this.replayerProblem.status) : '';
  }

  // ------------------------------------------------------------ upload

  bindUpload() {
    const file = $('upload-file');
    const vehicle = $('upload-vehicle');
    vehicle.addEventListener('input', () => { vehicle.dataset.typed = vehicle.value ? 'yes' : ''; });
    file.addEventListener('change', () => {
      const chosen = file.files[0];
      $('upload-file-name').textContent = chosen ? chosen.name + ' (' + formatBytes(chosen.size) + ')' : 'Choose a CSV, GPX or NMEA file…';
      if (chosen && vehicle.dataset.typed !== 'yes') {
        vehicle.value = vehicleIdFromFile(chosen.name);
      }
    });
    $('upload-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.upload();
    });
  }

  async upload() {
    const chosen = $('upload-file').files[0];
    const id = $('upload-vehicle').value.trim();
    const result = $('upload-result');
    if (!chosen || !id) {
      result.textContent = 'Choose a file and a vehicle id.';
      return;
    }
    const submit = $('upload-submit');
    submit.disabled = true;
    result.dataset.state = 'sending';
    result.textContent = 'Sending ' + chosen.name + '…';
    try {
      const status = await replays.upload(chosen, id, $('upload-speed').value, $('upload-loop').checked);
      result.dataset.state = 'ok';
      result.textContent = 'Started ' + status.vehicle_id + ': ' + status.total + ' fixes'
        + (status.rows_rejected ? ', ' + status.rows_rejected + ' rows rejected' : '') + '.';
      this.took(status);
      this.app.expectVehicle(status.vehicle_id);
      $('upload-vehicle').value = '';
      $('upload-vehicle').dataset.typed = '';
    } catch (error) {
      result.dataset.state = 'error';
      result.textContent = error.message;
      reportFailure('Upload of ' + chosen.name, error);
    } finally {
      submit.disabled = false;
    }
  }

  // ------------------------------------------------------------ token

  bindToken() {
    const dialog = $('token-dialog');
    const input = $('token-input');
    $('token-button').addEventListener('click', () => {
      input.value = token();
      dialog.showModal();
      input.focus();
    });
    $('token-form').addEventListener('submit', () => {
      saveToken(input.value);
      this.showToken();
      this.refresh();
    });
    $('token-clear').addEventListener('click', () => {
      saveToken('');
      input.value = '';
      dialog.close();
      this.showToken();
    });
    this.showToken();
  }

  showToken() {
    const button = $('token-button');
    const set = Boolean(token());
    button.dataset.token = set ? 'set' : 'none';
    button.querySelector('.label').textContent = set ? 'Token set' : 'Operator token';
  }
}

function formatSpeed(speed) {
  return (Number.isInteger(speed) ? String(speed) : String(Number(speed.toPrecision(4)))) + '×';
}

function formatBytes(bytes) {
  return bytes < 1024 ? bytes + ' B' : bytes < 1048576 ? (bytes / 1024).toFixed(1) + ' KiB' : (bytes / 1048576).toFixed(1) + ' MiB';
}
