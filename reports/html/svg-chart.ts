import { escapeHtml, trusted, type SafeHtml } from './html.js';

/**
 * Charts of the HTML report as inline SVG, computed here from the numbers.
 *
 * Why not a chart library (the style guide prefers well-kept libraries for generic needs): the report
 * must open from file:// on a PSAD's or an analyst's machine with no network, print, and never throw
 * in the browser. A library (Chart.js, ECharts, Vega) would mean pinning and inlining 200–900 kB of
 * JavaScript per page, drawing at load time, and a runtime that can fail in an old browser. The three
 * charts needed (bars, a histogram with threshold markers, a line across runs) are about a hundred
 * lines of arithmetic with no runtime at all: the page is static markup, the same bytes on every
 * machine, and its tests compare exact output. A documented exception, to revisit if the report ever
 * needs interaction (zoom, filters).
 */

/** A coordinate with at most one decimal, so that outputs are short and exact across platforms. */
function n(x: number): string {
  return String(Math.round(x * 10) / 10 + 0);
}

const t = escapeHtml;

/**
 * Axis ticks from 0 to at least `max` in about `target` round steps (1, 2, 2.5 or 5 × 10^k); counts
 * (`integer`) never get a step below 1 or of 2.5 × 10^k.
 */
export function niceTicks(max: number, target = 5, integer = false): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const steps = integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  const step = Math.max(integer ? 1 : 0, steps.map((s) => s * magnitude).find((s) => s >= raw)!);
  const ticks: number[] = [];
  for (let k = 0; ; k++) {
    // Multiplying (not adding) keeps 0.1-steps free of accumulated float error.
    const v = Math.round(k * step * 1e9) / 1e9;
    ticks.push(v);
    if (v >= max) return ticks;
  }
}

/**
 * Legend items left to right from (x0, y0), starting a new line when the next item would pass `maxX`
 * (text width estimated at 6.6 units a character for 12-unit text). Returns the extra height used
 * beyond one line, by which the chart grows.
 */
function legend(items: readonly { color: string; label: string }[], x0: number, maxX: number, y0: number): { markup: string; extraHeight: number } {
  let lx = x0;
  let ly = y0;
  const parts: string[] = [];
  for (const item of items) {
    const width = 17 + item.label.length * 6.6;
    if (lx > x0 && lx + width > maxX) {
      lx = x0;
      ly += 18;
    }
    parts.push(`<rect x="${n(lx)}" y="${n(ly)}" width="12" height="12" fill="${item.color}"/><text class="legend" x="${n(lx + 17)}" y="${n(ly + 10)}">${t(item.label)}</text>`);
    lx += width + 11;
  }
  return { markup: parts.join(''), extraHeight: ly - y0 };
}

/** A horizontal bar in a table cell, its length proportional to value / max. */
export function inlineBar(value: number, max: number, width = 160): SafeHtml {
  const w = max > 0 ? (width * Math.max(0, value)) / max : 0;
  return trusted(`<svg class="bar" width="${width}" height="12" viewBox="0 0 ${width} 12" aria-hidden="true"><rect x="0" y="1" width="${n(w)}" height="10" rx="2"/></svg>`);
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** A band of the x axis drawn in its own colour (bins whose `from` is at least `from`), and named in the legend. */
export interface HistogramZone {
  from: number;
  color: string;
  label: string;
}

export interface HistogramOptions {
  title: string;
  /** Zones by increasing `from`; bins below the first zone use `baseColor`. */
  zones: HistogramZone[];
  baseColor: string;
  baseLabel: string;
  format: (x: number) => string;
  /** Width of the drawing in its own units (text stays 12 units high); 720 by default. */
  width?: number;
  /**
   * When set, each bar carries `data-run="<path>.<i>.count"` and its count in `data-value` (figure.ts),
   * so that the browser test checks the drawing against run.json too.
   */
  dataRunPath?: string;
}

export function histogramSvg(bins: readonly HistogramBin[], o: HistogramOptions): SafeHtml {
  const W = o.width ?? 720, H = 270, left = 44, right = 12, top = 14, bottom = 64;
  const pw = W - left - right, ph = H - top - bottom;
  if (bins.length === 0) return trusted(`<p class="empty">Aucun enregistrement n'avait de candidat.</p>`);
  const x0 = bins[0]!.from, x1 = bins[bins.length - 1]!.to;
  const ticks = niceTicks(Math.max(...bins.map((b) => b.count)), 4, true);
  const yMax = ticks[ticks.length - 1]!;
  const x = (v: number) => left + ((v - x0) / (x1 - x0)) * pw;
  const y = (v: number) => top + ph - (v / yMax) * ph;
  /** 0 below the first zone, k in the k-th zone. */
  const zoneOf = (from: number) => o.zones.filter((z) => from >= z.from).length;
  const parts: string[] = [];
  for (const v of ticks) parts.push(`<line class="grid" x1="${left}" x2="${W - right}" y1="${n(y(v))}" y2="${n(y(v))}"/><text class="tick" x="${left - 6}" y="${n(y(v) + 4)}" text-anchor="end">${t(o.format(v))}</text>`);
  bins.forEach((b, i) => {
    const bx = x(b.from), bw = x(b.to) - bx;
    const data = o.dataRunPath === undefined ? '' : ` data-run="${t(`${o.dataRunPath}.${i}.count`)}" data-value="${b.count}"`;
    parts.push(`<rect${data} x="${n(bx + 0.5)}" y="${n(y(b.count))}" width="${n(Math.max(bw - 1, 0.5))}" height="${n(y(0) - y(b.count))}" fill="${[o.baseColor, ...o.zones.map((z) => z.color)][zoneOf(b.from)]}"><title>${t(`[${o.format(b.from)} ; ${o.format(b.to)}[ : ${o.format(b.count)}`)}</title></rect>`);
  });
  // Edge labels, thinned so that at most about 16 fit across the chart.
  const every = Math.ceil((bins.length + 1) / 16);
  const edges = [...bins.map((b) => b.from), x1];
  edges.forEach((e, i) => {
    if (i % every === 0) parts.push(`<text class="tick" x="${n(x(e))}" y="${H - bottom + 16}" text-anchor="middle">${t(o.format(e))}</text>`);
  });
  parts.push(`<line class="axis" x1="${left}" x2="${W - right}" y1="${n(y(0))}" y2="${n(y(0))}"/>`);
  // Each zone's total in the legend: the review band holds few records, too few to see as bars.
  const totals = [o.baseLabel, ...o.zones.map((z) => z.label)].map(() => 0);
  for (const b of bins) totals[zoneOf(b.from)]! += b.count;
  const items = [{ color: o.baseColor, label: o.baseLabel }, ...o.zones].map((z, i) => ({ color: z.color, label: `${z.label} : ${o.format(totals[i]!)}` }));
  const key = legend(items, left, W - right, H - 20);
  parts.push(key.markup);
  return trusted(`<svg class="chart" viewBox="0 0 ${W} ${H + key.extraHeight}" role="img" aria-label="${t(o.title)}"><title>${t(o.title)}</title>${parts.join('')}</svg>`);
}

export interface LineSeries {
  name: string;
  color: string;
  values: (number | null)[];
}

export interface LineChartOptions {
  title: string;
  /** Upper end of the y axis (1 for rates); by default the round number above the largest value. */
  yMax?: number;
  /** Counts: whole-number ticks. */
  integer?: boolean;
  /** Width of the drawing in its own units (text stays 12 units high): smaller for charts side by side. */
  width?: number;
  /** Axis ticks. */
  format: (y: number) => string;
  /** Values of the points (tooltips and the latest value's label); `format` by default. */
  formatValue?: (y: number) => string;
}

/** Series over the same x labels (campaign dates); a null value leaves a gap. */
export function lineChartSvg(xLabels: readonly string[], series: readonly LineSeries[], o: LineChartOptions): SafeHtml {
  const W = o.width ?? 720, H = 240, left = 56, right = 24, top = 22, bottom = 58;
  const pw = W - left - right, ph = H - top - bottom;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const ticks = niceTicks(o.yMax ?? Math.max(0, ...all), 4, o.integer ?? false);
  const yMax = ticks[ticks.length - 1]!;
  // Points stay clear of the ends by half a date label, so that the first and last labels fit.
  const inset = 36;
  const x = (i: number) => (xLabels.length === 1 ? left + pw / 2 : left + inset + (i / (xLabels.length - 1)) * (pw - 2 * inset));
  const y = (v: number) => top + ph - (v / yMax) * ph;
  const value = o.formatValue ?? o.format;
  const parts: string[] = [];
  for (const v of ticks) parts.push(`<line class="grid" x1="${left}" x2="${W - right}" y1="${n(y(v))}" y2="${n(y(v))}"/><text class="tick" x="${left - 6}" y="${n(y(v) + 4)}" text-anchor="end">${t(o.format(v))}</text>`);
  const every = Math.ceil(xLabels.length / 10);
  xLabels.forEach((label, i) => {
    if (i % every === 0 || i === xLabels.length - 1) parts.push(`<text class="tick" x="${n(x(i))}" y="${H - bottom + 18}" text-anchor="middle">${t(label)}</text>`);
  });
  parts.push(`<line class="axis" x1="${left}" x2="${W - right}" y1="${n(y(0))}" y2="${n(y(0))}"/>`);
  for (const s of series) {
    // A null breaks the line into runs of consecutive known points.
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${run.join(' ')}"/>`);
      run = [];
    };
    s.values.forEach((v, i) => {
      if (v === null) return flush();
      run.push(`${n(x(i))},${n(y(v))}`);
      parts.push(`<circle cx="${n(x(i))}" cy="${n(y(v))}" r="4" fill="${s.color}"><title>${t(`${s.name}, ${xLabels[i]} : ${value(v)}`)}</title></circle>`);
    });
    flush();
    // The latest value is written beside its point: it is the one a reader looks for.
    const last = s.values.length - 1;
    const v = s.values[last];
    if (v !== undefined && v !== null) parts.push(`<text class="value" x="${n(x(last) - 8)}" y="${n(y(v) - 8)}" text-anchor="end" style="fill:${s.color}">${t(value(v))}</text>`);
  }
  const key = legend(series.map((s) => ({ color: s.color, label: s.name })), left, W - right, H - 20);
  parts.push(key.markup);
  return trusted(`<svg class="chart" viewBox="0 0 ${W} ${H + key.extraHeight}" role="img" aria-label="${t(o.title)}"><title>${t(o.title)}</title>${parts.join('')}</svg>`);
}
