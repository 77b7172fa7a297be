import type { KeyFigures } from '../../key-figures.js';
import { keyFigure } from '../figure.js';
import { formatDate, formatInteger, formatPercent } from '../format-fr.js';
import { html, type SafeHtml } from '../html.js';
import { lineChartSvg } from '../svg-chart.js';
import { CHART_COLORS } from './chart-colors.js';

/** The trend across campaign dates: one point per date, the latest successful run of that date. */
export function trendSection(f: KeyFigures): SafeHtml {
  const dates = f.trend.map((p) => formatDate(p.asOf));
  const rateChart = lineChartSvg(dates, [{ name: 'Taux de conformité OF', color: CHART_COLORS.primary, values: f.trend.map((p) => p.ofComplianceRate) }], {
    title: 'Taux de conformité OF par date de campagne',
    yMax: 1,
    width: 480,
    format: (v) => formatPercent(v, 0),
    formatValue: (v) => formatPercent(v),
  });
  const countChart = lineChartSvg(
    dates,
    [
      { name: 'Identifiés OF', color: CHART_COLORS.primary, values: f.trend.map((p) => p.ofIdentified) },
      { name: 'Identifiés DS', color: CHART_COLORS.secondary, values: f.trend.map((p) => p.dsIdentified) },
      { name: 'Non retrouvés', color: CHART_COLORS.alert, values: f.trend.map((p) => p.nonRetrouves) },
    ],
    { title: 'Jeunes identifiés et non retrouvés par date de campagne', integer: true, format: formatInteger, width: 480 },
  );
  const rows = f.trend.map(
    (p, i) => html`<tr${p.runId === f.runId ? html` class="current"` : null}>
<td>${keyFigure(`trend.${i}.asOf`, p.asOf, formatDate(p.asOf))}</td>
<td class="num">${keyFigure(`trend.${i}.ofIdentified`, p.ofIdentified, formatInteger(p.ofIdentified))}</td>
<td class="num">${keyFigure(`trend.${i}.ofComplianceRate`, p.ofComplianceRate, formatPercent(p.ofComplianceRate))}</td>
<td class="num">${keyFigure(`trend.${i}.dsIdentified`, p.dsIdentified, formatInteger(p.dsIdentified))}</td>
<td class="num">${keyFigure(`trend.${i}.nonRetrouves`, p.nonRetrouves, formatInteger(p.nonRetrouves))}</td>
</tr>`,
  );
  return html`<section id="evolution">
<h2>Évolution</h2>
<p class="note">Un point par date de campagne : la dernière exécution réussie de cette date dans la base.${f.trend.length < 2 ? ' Une seule campagne pour l’instant : les courbes se dessineront avec les suivantes.' : ''}</p>
<div class="charts">
<div><h3>Taux de conformité OF</h3>${rateChart}</div>
<div><h3>Jeunes identifiés et non retrouvés</h3>${countChart}</div>
</div>
<table>
<thead><tr><th>Date de campagne</th><th class="num">Identifiés OF</th><th class="num">Taux de conformité OF</th><th class="num">Identifiés DS</th><th class="num">Non retrouvés</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}
