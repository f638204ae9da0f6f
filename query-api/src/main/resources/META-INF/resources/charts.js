// Speed, elevation and distance of the selected vehicle over track time, on uPlot. The three
// charts share one cursor; where it stands is reported (the index of the fix) so the map can mark it.
'use strict';

/* global uPlot */

const HEIGHT = 150;

const CHARTS = [
  { id: 'chart-speed', label: 'Speed', unit: 'km/h', digits: 1, color: '#1d5fd1', fill: 'rgba(29, 95, 209, .12)', key: 'speedKmh' },
  { id: 'chart-elevation', label: 'Elevation', unit: 'm', digits: 1, color: '#2f7d4a', fill: 'rgba(47, 125, 74, .12)', key: 'ele' },
  { id: 'chart-distance', label: 'Distance', unit: 'km', digits: 3, color: '#7a3cc8', fill: 'rgba(122, 60, 200, .10)', key: 'cumKm' },
];

export class TrackCharts {
  /** @param onHover called with the index of the fix under the cursor, or null */
  constructor(onHover) {
    this.onHover = onHover;
    this.plots = CHARTS.map((chart) => this.create(chart));
    const observer = new ResizeObserver(() => this.resize());
    this.plots.forEach(({ box }) => observer.observe(box));
  }

  create(chart) {
    const box = document.getElementById(chart.id);
    const options = {
      width: Math.max(200, box.clientWidth),
      height: HEIGHT,
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
      cursor: { sync: { key: 'gps-replay-track' }, drag: { x: false, y: false }, points: { size: 8 } },
      legend: { show: true, live: true },
      scales: { x: { time: true } },
      axes: [
        { stroke: '#4b5968', grid: { stroke: '#e8edf3' }, ticks: { stroke: '#dde3ea' } },
        { stroke: '#4b5968', grid: { stroke: '#e8edf3' }, ticks: { stroke: '#dde3ea' }, size: 54 },
      ],
      series: [
        { label: 'UTC' },
        {
          label: chart.label,
          stroke: chart.color,
          fill: chart.fill,
          width: 2,
          points: { show: false },
          spanGaps: true,
          value: (u, v) => (v == null ? '–' : v.toFixed(chart.digits) + ' ' + chart.unit),
        },
      ],
      hooks: {
        setCursor: [(u) => this.onHover(u.cursor.idx ?? null)],
      },
    };
    const plot = new uPlot(options, [[], []], box);
    plot.over.addEventListener('mouseleave', () => this.onHover(null));
    return { chart, box, plot };
  }

  resize() {
    this.plots.forEach(({ box, plot }) => {
      const width = Math.max(200, box.clientWidth);
      if (width !== plot.width) {
        plot.setSize({ width, height: HEIGHT });
      }
    });
  }

  /** Shows the series: t (ms), speed (m/s), ele (m), cum (m), as parallel arrays. */
  draw(series) {
    const seconds = series.t.map((t) => t / 1000);
    const values = {
      speedKmh: series.speed.map((v) => (v == null ? null : v * 3.6)),
      ele: series.ele,
      cumKm: series.cum.map((m) => m / 1000),
    };
    this.plots.forEach(({ chart, box, plot }) => {
      const data = values[chart.key];
      plot.setData([seconds, data]);
      box.dataset.points = String(data.filter((v) => v != null && Number.isFinite(v)).length);
    });
  }
}
