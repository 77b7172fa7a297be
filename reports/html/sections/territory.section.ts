import type { KeyFigures } from '../../key-figures.js';
import { UNDETERMINED_PSAD } from '../../../pipeline/stages/campaign.stage.js';
import { keyFigure } from '../figure.js';
import { formatInteger } from '../format-fr.js';
import { html, type SafeHtml } from '../html.js';
import { inlineBar } from '../svg-chart.js';

/**
 * Non retrouvés per PSAD, largest list first so that the bars read as a chart; the undetermined
 * territory last and highlighted, since nobody will call those young people until it is resolved.
 */
export function territorySection(f: KeyFigures): SafeHtml {
  const byPsad = f.nonRetrouves.byPsad.map((p, i) => ({ ...p, i }));
  const undetermined = byPsad.filter((p) => p.codePsad === UNDETERMINED_PSAD);
  const ordered = [
    ...byPsad.filter((p) => p.codePsad !== UNDETERMINED_PSAD).sort((a, b) => b.count - a.count || a.codePsad.localeCompare(b.codePsad)),
    ...undetermined,
  ];
  const max = Math.max(0, ...byPsad.map((p) => p.count));
  const rows = ordered.map(
    (p) => html`<tr${p.codePsad === UNDETERMINED_PSAD ? html` class="undetermined"` : null}>
<td>${keyFigure(`nonRetrouves.byPsad.${p.i}.codePsad`, p.codePsad, p.codePsad)}</td>
<td>${keyFigure(`nonRetrouves.byPsad.${p.i}.libellePsad`, p.libellePsad, p.libellePsad)}</td>
<td class="num">${keyFigure(`nonRetrouves.byPsad.${p.i}.count`, p.count, formatInteger(p.count))}</td>
<td>${inlineBar(p.count, max)}</td>
</tr>`,
  );
  const psadCount = byPsad.length - undetermined.length;
  return html`<section id="non-retrouves-psad">
<h2>Non retrouvés par PSAD</h2>
<p class="note">${formatInteger(psadCount)} PSAD dans le référentiel. Chaque jeune non retrouvé est affecté à la PSAD de sa commune de résidence ; une commune absente du référentiel le place en « Territoire non déterminé ». Les listes nominatives sont dans <code>non-retrouves/</code>, un fichier par PSAD.</p>
<table>
<thead><tr><th>Code</th><th>PSAD</th><th class="num">Non retrouvés</th><th></th></tr></thead>
<tbody>
${rows}
<tr class="total"><td></td><td>Total</td><td class="num">${keyFigure('nonRetrouves.total', f.nonRetrouves.total, formatInteger(f.nonRetrouves.total))}</td><td></td></tr>
</tbody>
</table>
</section>`;
}
