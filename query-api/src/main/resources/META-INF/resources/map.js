// The fleet map, on Leaflet: one marker per vehicle (heading arrow and id label, updated in place),
// the selected vehicle's track, the point a chart hovers over, and, with no tile server configured,
// a coordinate grid so that the map still reads offline.
'use strict';

/* global L */

const ARROW = '<svg class="vm-arrow" viewBox="-12 -12 24 24" aria-hidden="true"><path d="M0 -10 L7.5 8 L0 3.5 L-7.5 8 Z"/></svg>'
  + '<svg class="vm-dot" viewBox="-12 -12 24 24" aria-hidden="true"><circle r="6"/></svg>';

export class FleetMap {
  /**
   * @param element the map's container
   * @param settings the server's dashboard settings: tiles_url, tiles_attribution
   * @param onSelect called with a vehicle id when its marker is clicked
   */
  constructor(element, settings, onSelect) {
    this.element = element;
    this.onSelect = onSelect;
    this.markers = new Map(); // vehicle id -> { marker, arrow, label, selected, bearing, latlng }
    this.fitted = false;
    this.map = L.map(element, { worldCopyJump: true, zoomSnap: 0.5, minZoom: 2 }).setView([20, 0], 2);
    this.map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>');
    L.control.scale({ imperial: false }).addTo(this.map);
    if (settings.tiles_url) {
      L.tileLayer(settings.tiles_url, { maxZoom: 19, attribution: settings.tiles_attribution || '' }).addTo(this.map);
      element.dataset.tiles = 'on';
    } else {
      element.dataset.tiles = 'off';
      this.grid = L.layerGroup().addTo(this.map);
      this.map.attributionControl.addAttribution('no background map (dashboard.tiles-url unset) · grid in degrees');
      this.map.on('moveend', () => this.drawGrid());
      this.drawGrid();
    }
    this.track = L.polyline([], { className: 'track-line', weight: 3.5, interactive: false }).addTo(this.map);
    this.start = L.circleMarker([0, 0], { className: 'track-start', radius: 5, interactive: false });
    this.hover = L.circleMarker([0, 0], { className: 'hover-point', radius: 8, interactive: false });
    this.trackDrawn = 0;
    this.trackVersion = -1;
    // the card grows with the column beside it: Leaflet must learn its new size
    new ResizeObserver(() => this.map.invalidateSize({ pan: false })).observe(element);
  }

  /** Creates or moves a vehicle's marker, in place. */
  updateVehicle(id, latitude, longitude, bearing, title) {
    let entry = this.markers.get(id);
    const latlng = [latitude, longitude];
    if (!entry) {
      entry = this.createMarker(id, latlng);
    } else if (entry.latlng[0] !== latitude || entry.latlng[1] !== longitude) {
      entry.marker.setLatLng(latlng);
      entry.latlng = latlng;
    }
    const heading = bearing == null || !Number.isFinite(bearing) ? null : Math.round(bearing);
    if (heading !== entry.bearing) {
      entry.bearing = heading;
      entry.element.classList.toggle('no-heading', heading === null);
      entry.arrow.style.transform = heading === null ? '' : 'rotate(' + heading + 'deg)';
    }
    if (title !== entry.title) {
      entry.title = title;
      entry.element.title = title;
    }
  }

  createMarker(id, latlng) {
    const icon = L.divIcon({
      className: 'vehicle-marker',
      html: ARROW + '<span class="vm-label"></span>',
      iconSize: [24, 24],
      iconAnchor: [12, 12],
    });
    const marker = L.marker(latlng, { icon, keyboard: true, riseOnHover: true }).addTo(this.map);
    marker.on('click', () => this.onSelect(id));
    const element = marker.getElement();
    element.dataset.vehicle = id;
    element.setAttribute('aria-label', 'vehicle ' + id);
    const label = element.querySelector('.vm-label');
    label.textContent = id;
    const entry = { marker, element, arrow: element.querySelector('.vm-arrow'), label, latlng, bearing: undefined, title: '' };
    this.markers.set(id, entry);
    this.element.dataset.markers = String(this.markers.size);
    return entry;
  }

  removeVehicle(id) {
    const entry = this.markers.get(id);
    if (entry) {
      entry.marker.remove();
      this.markers.delete(id);
      this.element.dataset.markers = String(this.markers.size);
    }
  }

  setState(id, replayState) {
    const entry = this.markers.get(id);
    if (entry && entry.element.dataset.state !== (replayState || '')) {
      entry.element.dataset.state = replayState || '';
    }
  }

  select(id, previous) {
    const old = previous && this.markers.get(previous);
    if (old) {
      old.element.classList.remove('selected');
      old.marker.setZIndexOffset(0);
    }
    const entry = this.markers.get(id);
    if (entry) {
      entry.element.classList.add('selected');
      entry.marker.setZIndexOffset(1000);
    }
  }

  showLabels(on) {
    this.element.classList.toggle('labels-off', !on);
  }

  /** Calls back when the user moves the map by hand: a drag, or a zoom by wheel, pinch or button. */
  onPlacedByUser(callback) {
    const placed = () => {
      this.fitted = true; // nor does the first fleet fit move it any more
      callback();
    };
    this.map.on('dragstart', placed);
    this.element.addEventListener('wheel', placed, { passive: true });
    this.element.addEventListener('touchstart', (event) => {
      if (event.touches.length > 1) {
        placed();
      }
    }, { passive: true });
    this.map.zoomControl.getContainer().addEventListener('click', placed);
  }

  /** Fits the whole fleet once, when the first vehicles are known (or on demand). */
  fitFleet(force) {
    if ((this.fitted && !force) || !this.markers.size) {
      return;
    }
    this.fitted = true;
    const bounds = L.latLngBounds([...this.markers.values()].map((entry) => entry.latlng));
    this.map.fitBounds(bounds.pad(0.15), { maxZoom: 15, animate: false });
  }

  /** Draws the selected vehicle's track: appends while it grows, redraws when it was rebuilt. */
  drawTrack(series, version) {
    const n = series.t.length;
    if (version !== this.trackVersion || n < this.trackDrawn) {
      this.track.setLatLngs(series.lat.map((lat, i) => [lat, series.lon[i]]));
      this.trackVersion = version;
    } else {
      for (let i = this.trackDrawn; i < n; i += 1) {
        this.track.addLatLng([series.lat[i], series.lon[i]]);
      }
    }
    this.trackDrawn = n;
    this.element.dataset.trackPoints = String(n);
    if (n) {
      this.start.setLatLng([series.lat[0], series.lon[0]]);
      if (!this.map.hasLayer(this.start)) {
        this.start.addTo(this.map);
      }
    } else {
      this.start.remove();
    }
  }

  fitTrack(series) {
    this.fitted = true; // a vehicle's track is in view: the first fleet fit is no longer wanted
    if (series.t.length > 1) {
      const bounds = L.latLngBounds(series.lat.map((lat, i) => [lat, series.lon[i]]));
      this.map.fitBounds(bounds.pad(0.1), { maxZoom: 17, animate: false });
    }
  }

  follow(id) {
    const entry = this.markers.get(id);
    if (entry && !this.map.getBounds().pad(-0.2).contains(entry.latlng)) {
      this.map.panTo(entry.latlng, { animate: true, duration: 0.3 });
    }
  }

  /** Marks a point of the track (a chart's cursor), or hides the mark for null. */
  markPoint(index, series) {
    if (index == null || index < 0 || index >= series.t.length) {
      this.hover.remove();
      this.element.dataset.hoverIndex = '';
      return;
    }
    this.hover.setLatLng([series.lat[index], series.lon[index]]);
    if (!this.map.hasLayer(this.hover)) {
      this.hover.addTo(this.map);
    }
    this.element.dataset.hoverIndex = String(index);
  }

  /** Lines every round number of degrees, labelled at the top and left edges. */
  drawGrid() {
    const bounds = this.map.getBounds();
    const west = Math.max(-180, bounds.getWest());
    const east = Math.min(180, bounds.getEast());
    const south = Math.max(-85, bounds.getSouth());
    const north = Math.min(85, bounds.getNorth());
    const step = niceStep(Math.max(east - west, 1e-6) / 6);
    const digits = Math.max(0, -Math.floor(Math.log10(step)));
    this.grid.clearLayers();
    const line = { className: 'grid-line', weight: 1, interactive: false };
    for (let lon = Math.ceil(west / step) * step; lon <= east; lon += step) {
      this.grid.addLayer(L.polyline([[south, lon], [north, lon]], line));
      this.grid.addLayer(gridLabel([north, lon], lon.toFixed(digits) + '°', 'top'));
    }
    for (let lat = Math.ceil(south / step) * step; lat <= north; lat += step) {
      this.grid.addLayer(L.polyline([[lat, west], [lat, east]], line));
      this.grid.addLayer(gridLabel([lat, west], lat.toFixed(digits) + '°', 'left'));
    }
  }
}

function gridLabel(latlng, text, side) {
  const icon = L.divIcon({ className: 'grid-label grid-label-' + side, html: text, iconSize: null });
  return L.marker(latlng, { icon, interactive: false, keyboard: false });
}

/** 1, 2 or 5 times a power of ten, near the raw step. */
export function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10) * power;
}
