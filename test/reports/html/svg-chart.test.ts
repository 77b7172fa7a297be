import { describe, expect, it } from 'vitest';
import { histogramSvg, inlineBar, lineChartSvg, niceTicks } from '../../../reports/html/svg-chart.js';

describe('niceTicks', () => {
  it('steps of 1, 2, 2.5 or 5 × 10^k from 0 to at least the maximum', () => {
    expect(niceTicks(1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0.9, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0.07, 4)).toEqual([0, 0.02, 0.04, 0.06, 0.08]);
    expect(niceTicks(167, 4)).toEqual([0, 50, 100, 150, 200]);
  });
  it('counts get whole steps, never 2.5 × 10^k', () => {
    expect(niceTicks(3, 4, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(7, 5, true)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(10, 4, true)).toEqual([0, 5, 10]);
    expect(niceTicks(10, 4, false)).toEqual([0, 2.5, 5, 7.5, 10]);
  });
  it('an empty or zero range still has an axis', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });
});

describe('inlineBar', () => {
  it('is proportional to value / max, and empty when there is nothing to scale', () => {
    expect(inlineBar(3, 19).value).toBe(
      '<svg class="bar" width="160" height="12" viewBox="0 0 160 12" aria-hidden="true"><rect x="0" y="1" width="25.3" height="10" rx="2"/></svg>',
    );
    expect(inlineBar(19, 19).value).toContain('width="160" height="10"');
    expect(inlineBar(5, 0).value).toContain('<rect x="0" y="1" width="0" height="10"');
  });
});

describe('histogramSvg', () => {
  it('draws one bar per bin coloured by zone, the edges, the zone totals, and escapes its text', () => {
    const svg = histogramSvg(
      [
        { from: 8, to: 10, count: 1 },
        { from: 10, to: 12, count: 0 },
        { from: 12, to: 14, count: 3 },
      ],
      { title: 'T <&>', zones: [{ from: 10, color: '#ff0', label: 'revue' }], baseColor: '#999', baseLabel: 'bas', format: String, dataRunPath: 'm.h' },
    ).value;
    expect(svg).toBe(
      '<svg class="chart" viewBox="0 0 720 270" role="img" aria-label="T &lt;&amp;&gt;"><title>T &lt;&amp;&gt;</title>' +
        '<line class="grid" x1="44" x2="708" y1="206" y2="206"/><text class="tick" x="38" y="210" text-anchor="end">0</text>' +
        '<line class="grid" x1="44" x2="708" y1="142" y2="142"/><text class="tick" x="38" y="146" text-anchor="end">1</text>' +
        '<line class="grid" x1="44" x2="708" y1="78" y2="78"/><text class="tick" x="38" y="82" text-anchor="end">2</text>' +
        '<line class="grid" x1="44" x2="708" y1="14" y2="14"/><text class="tick" x="38" y="18" text-anchor="end">3</text>' +
        '<rect data-run="m.h.0.count" data-value="1" x="44.5" y="142" width="220.3" height="64" fill="#999"><title>[8 ; 10[ : 1</title></rect>' +
        '<rect data-run="m.h.1.count" data-value="0" x="265.8" y="206" width="220.3" height="0" fill="#ff0"><title>[10 ; 12[ : 0</title></rect>' +
        '<rect data-run="m.h.2.count" data-value="3" x="487.2" y="14" width="220.3" height="192" fill="#ff0"><title>[12 ; 14[ : 3</title></rect>' +
        '<text class="tick" x="44" y="222" text-anchor="middle">8</text><text class="tick" x="265.3" y="222" text-anchor="middle">10</text>' +
        '<text class="tick" x="486.7" y="222" text-anchor="middle">12</text><text class="tick" x="708" y="222" text-anchor="middle">14</text>' +
        '<line class="axis" x1="44" x2="708" y1="206" y2="206"/>' +
        '<rect x="44" y="250" width="12" height="12" fill="#999"/><text class="legend" x="61" y="260">bas : 1</text>' +
        '<rect x="118.2" y="250" width="12" height="12" fill="#ff0"/><text class="legend" x="135.2" y="260">revue : 3</text></svg>',
    );
  });
  it('says so in French when no record had a candidate', () => {
    expect(histogramSvg([], { title: 't', zones: [], baseColor: '#999', baseLabel: 'b', format: String }).value).toBe(
      '<p class="empty">Aucun enregistrement n\'avait de candidat.</p>',
    );
  });
  it('thins the edge labels to about 16 across many bins', () => {
    const bins = Array.from({ length: 40 }, (_, i) => ({ from: 2 * i, to: 2 * i + 2, count: 1 }));
    const svg = histogramSvg(bins, { title: 't', zones: [], baseColor: '#999', baseLabel: 'b', format: String }).value;
    expect(svg.match(/text-anchor="middle"/g)).toHaveLength(14); // edges 0, 6, …, 78 (41 edges, every 3rd)
  });
});

describe('lineChartSvg', () => {
  it('places points evenly inside the ends, breaks the line at a null, labels the latest value', () => {
    const svg = lineChartSvg(['a', 'b', 'c'], [{ name: 'S', color: '#00f', values: [0.5, null, 0.75] }], {
      title: 'L',
      yMax: 1,
      width: 400,
      format: String,
      formatValue: (v) => `${v}!`,
    }).value;
    expect(svg).toBe(
      '<svg class="chart" viewBox="0 0 400 240" role="img" aria-label="L"><title>L</title>' +
        '<line class="grid" x1="56" x2="376" y1="182" y2="182"/><text class="tick" x="50" y="186" text-anchor="end">0</text>' +
        '<line class="grid" x1="56" x2="376" y1="142" y2="142"/><text class="tick" x="50" y="146" text-anchor="end">0.25</text>' +
        '<line class="grid" x1="56" x2="376" y1="102" y2="102"/><text class="tick" x="50" y="106" text-anchor="end">0.5</text>' +
        '<line class="grid" x1="56" x2="376" y1="62" y2="62"/><text class="tick" x="50" y="66" text-anchor="end">0.75</text>' +
        '<line class="grid" x1="56" x2="376" y1="22" y2="22"/><text class="tick" x="50" y="26" text-anchor="end">1</text>' +
        '<text class="tick" x="92" y="200" text-anchor="middle">a</text><text class="tick" x="216" y="200" text-anchor="middle">b</text>' +
        '<text class="tick" x="340" y="200" text-anchor="middle">c</text><line class="axis" x1="56" x2="376" y1="182" y2="182"/>' +
        '<circle cx="92" cy="102" r="4" fill="#00f"><title>S, a : 0.5!</title></circle>' +
        '<circle cx="340" cy="62" r="4" fill="#00f"><title>S, c : 0.75!</title></circle>' +
        '<text class="value" x="332" y="54" text-anchor="end" style="fill:#00f">0.75!</text>' +
        '<rect x="56" y="220" width="12" height="12" fill="#00f"/><text class="legend" x="73" y="230">S</text></svg>',
    );
  });
  it('joins consecutive points with a polyline and centres a single point', () => {
    const two = lineChartSvg(['a', 'b'], [{ name: 'S', color: '#00f', values: [1, 2] }], { title: 't', integer: true, format: String }).value;
    expect(two).toContain('<polyline fill="none" stroke="#00f" stroke-width="2" points="92,102 660,22"/>');
    const one = lineChartSvg(['x'], [{ name: 'S', color: '#00f', values: [3] }], { title: 't', integer: true, format: String }).value;
    expect(one).toContain('<circle cx="376" cy="22" r="4" fill="#00f">');
    expect(one).not.toContain('<polyline');
  });
});

describe('chart legends', () => {
  it('wrap onto a new line, and the chart grows by that line, when the items do not fit across', () => {
    const series = ['Identifiés OF', 'Identifiés DS', 'Non retrouvés'].map((name) => ({ name, color: '#00f', values: [1] }));
    const narrow = lineChartSvg(['x'], series, { title: 't', integer: true, format: String, width: 300 }).value;
    expect(narrow).toContain('viewBox="0 0 300 258"');
    expect(narrow).toContain('<rect x="56" y="220" width="12" height="12" fill="#00f"/><text class="legend" x="73" y="230">Identifiés OF</text>');
    expect(narrow).toContain('<rect x="56" y="238" width="12" height="12" fill="#00f"/><text class="legend" x="73" y="248">Non retrouvés</text>');
    const wide = lineChartSvg(['x'], series, { title: 't', integer: true, format: String, width: 720 }).value;
    expect(wide).toContain('viewBox="0 0 720 240"');
  });
});
