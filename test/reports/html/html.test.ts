import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from '../../../reports/html/html.js';
import { keyFigure, runFigure } from '../../../reports/html/figure.js';

describe('html', () => {
  it('escapes every interpolated string and number, not trusted markup', () => {
    const label = `PSAD d'Armentières <b>&"`;
    expect(html`<td title="${label}">${label}</td>${trusted('<br>')}`.value).toBe(
      '<td title="PSAD d&#39;Armentières &lt;b&gt;&amp;&quot;">PSAD d&#39;Armentières &lt;b&gt;&amp;&quot;</td><br>',
    );
    expect(escapeHtml('a & b')).toBe('a &amp; b');
  });
  it('renders arrays joined, and null, undefined and false as nothing', () => {
    const items = ['<a>', 'b'];
    expect(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
  });
  it('tags a figure with its JSON path and its raw value, JSON-encoded', () => {
    expect(keyFigure('of.complianceRate', 0.8407, '84,1 %').value).toBe('<span class="figure" data-figure="of.complianceRate" data-value="0.8407">84,1 %</span>');
    expect(keyFigure('of.complianceRate', null, 'n.d.').value).toBe('<span class="figure" data-figure="of.complianceRate" data-value="null">n.d.</span>');
    expect(runFigure('version', '0.1.0', '0.1.0').value).toBe('<span class="figure" data-run="version" data-value="&quot;0.1.0&quot;">0.1.0</span>');
  });
});
