// <lq-chart>: a bar or line chart drawn by uPlot on a canvas. Charts only show numbers the core
// computed; each comes with a data table for screen readers and keyboard users (the canvas is
// decorative, its summary is the element's accessible name).
import uPlot from 'uplot';

export class Chart extends HTMLElement {
  #plot = null;
  #spec = null;
  #observer = null;

  connectedCallback() {
    this.setAttribute('role', 'img');
    this.#observer = new ResizeObserver(() => this.#draw());
    this.#observer.observe(this);
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#plot?.destroy();
    this.#plot = null;
  }

  /** {kind: 'bars'|'line', labels?: [string], x?: [number], series: [{label, values, color}], yLabel, xLabel, summary} */
  set spec(spec) {
    if (JSON.stringify(spec) === JSON.stringify(this.#spec)) return;
    this.#spec = spec;
    this.setAttribute('aria-label', spec.summary ?? '');
    this.#draw(true);
  }

  #draw(rebuild = false) {
    const spec = this.#spec;
    const width = Math.max(240, this.clientWidth || 480);
    if (!spec) return;
    if (this.#plot && !rebuild) {
      this.#plot.setSize({ width, height: 240 });
      return;
    }
    this.#plot?.destroy();
    const bars = spec.kind === 'bars';
    const x = bars ? spec.labels.map((_, i) => i) : spec.x;
    const data = [x, ...spec.series.map((s) => s.values)];
    const palette = ['#3b5bdb', '#e8590c', '#2b8a3e', '#862e9c'];
    // Bar labels wider than their slot (a phone, long stage names) are slanted, not overlapped.
    const longest = bars ? Math.max(0, ...spec.labels.map((l) => String(l).length)) * 6.5 : 0;
    const slant = bars && longest > (width - 80) / Math.max(1, x.length);
    const opts = {
      width,
      height: 240,
      legend: { show: spec.series.length > 1 },
      cursor: { show: !bars, points: { show: false } },
      scales: {
        x: bars ? { time: false, range: [-0.5, x.length - 0.5] } : { time: false, range: spec.xRange ?? null },
        y: { range: spec.yRange ? () => spec.yRange : (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          label: spec.xLabel,
          values: bars
            ? (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (spec.labels[t] ?? '') : ''))
            : undefined,
          splits: bars ? () => x : undefined,
          gap: 4,
          ...(slant ? { rotate: 30, size: Math.ceil(longest / 2) + 30 } : {}),
        },
        {
          label: spec.yLabel,
          size: 56,
          incrs: spec.integer ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000] : undefined,
        },
      ],
      series: [
        {},
        ...spec.series.map((s, i) => ({
          label: s.label,
          stroke: s.color ?? palette[i % palette.length],
          fill: bars ? `${s.color ?? palette[i % palette.length]}cc` : undefined,
          width: bars ? 0 : 2,
          paths: bars ? uPlot.paths.bars({ size: [0.6, 64] }) : undefined,
          points: { show: !bars && x.length < 20 },
          dash: s.dash,
        })),
      ],
    };
    this.replaceChildren();
    this.#plot = new uPlot(opts, data, this);
    this.#plot.root.setAttribute('aria-hidden', 'true');
  }
}

customElements.define('lq-chart', Chart);
