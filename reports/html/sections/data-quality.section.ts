import type { KeyFigures } from '../../key-figures.js';
import type { RunManifest } from '../../run-manifest.writer.js';
import { keyFigure, runFigure } from '../figure.js';
import { formatInteger, formatPercent } from '../format-fr.js';
import { html, type SafeHtml } from '../html.js';
import { labelOf, ROW_ERROR_LABELS, SOURCE_LABELS } from '../labels-fr.js';

/**
 * Rows read, stored and quarantined per input file, with the reasons: a source whose quarantine
 * grows from one month to the next is the first thing an analyst checks when the figures move.
 */
export function dataQualitySection(f: KeyFigures, m: RunManifest): SafeHtml {
  const rows = f.inputs.map((input, i) => {
    // key-figures.json and run.json list the files in the same order (both from the ingest result).
    const detail = m.inputs[i]?.file === input.file ? m.inputs[i]! : undefined;
    const codes = Object.entries(detail?.quarantinedByCode ?? {}).sort(([a], [b]) => a.localeCompare(b));
    return html`<tr>
<td>${keyFigure(`inputs.${i}.source`, input.source, labelOf(SOURCE_LABELS, input.source))}</td>
<td>${keyFigure(`inputs.${i}.file`, input.file, input.file)}${detail?.status === 'failed' ? html` <span class="status failed">illisible</span>` : null}${detail?.encoding ? html`<div class="sub">${detail.encoding}</div>` : null}</td>
<td class="num">${keyFigure(`inputs.${i}.rows`, input.rows, formatInteger(input.rows))}</td>
<td class="num">${keyFigure(`inputs.${i}.stored`, input.stored, formatInteger(input.stored))}</td>
<td class="num">${keyFigure(`inputs.${i}.quarantined`, input.quarantined, formatInteger(input.quarantined))}</td>
<td class="num">${input.rows > 0 ? formatPercent(input.quarantined / input.rows) : ''}</td>
<td>${codes.length ? html`<ul class="reasons">${codes.map(([code, count]) => html`<li title="${code}">${labelOf(ROW_ERROR_LABELS, code)} : ${runFigure(`inputs.${i}.quarantinedByCode.${code}`, count, formatInteger(count))}</li>`)}</ul>` : '—'}</td>
<td class="num">${detail ? runFigure(`inputs.${i}.warnings`, detail.warnings, formatInteger(detail.warnings)) : ''}</td>
</tr>`;
  });
  const notes: SafeHtml[] = [];
  if (m.missingOptionalSources.length) notes.push(html`Source facultative absente : ${m.missingOptionalSources.map((s) => labelOf(SOURCE_LABELS, s)).join(', ')}.`);
  if (m.unrecognisedFiles.length) notes.push(html` Fichiers non reconnus, ignorés : ${m.unrecognisedFiles.join(', ')}.`);
  return html`<section id="qualite-donnees">
<h2>Qualité des données par fichier</h2>
<p class="note">Chaque ligne lue est stockée ou mise en quarantaine avec son motif (détail ligne à ligne, avec le code du motif, dans <code>quarantine.csv</code>). Les avertissements sont des lignes gardées dont un champ facultatif invalide a été laissé vide (<code>avertissements.csv</code>).${notes.length ? html` ${notes}` : null}</p>
<table>
<thead><tr><th>Source</th><th>Fichier (encodage)</th><th class="num">Lignes</th><th class="num">Stockées</th><th class="num">Quarantaine</th><th class="num">Part</th><th>Motifs de quarantaine</th><th class="num">Avertissements</th></tr></thead>
<tbody>
${rows}
<tr class="total"><td>Total</td><td></td>
<td class="num">${runFigure('counts.rows', m.counts.rows, formatInteger(m.counts.rows))}</td>
<td class="num">${runFigure('counts.stored', m.counts.stored, formatInteger(m.counts.stored))}</td>
<td class="num">${runFigure('counts.quarantined', m.counts.quarantined, formatInteger(m.counts.quarantined))}</td>
<td class="num">${m.counts.rows > 0 ? formatPercent(m.counts.quarantined / m.counts.rows) : ''}</td><td></td>
<td class="num">${runFigure('counts.warnings', m.counts.warnings, formatInteger(m.counts.warnings))}</td></tr>
</tbody>
</table>
</section>`;
}
