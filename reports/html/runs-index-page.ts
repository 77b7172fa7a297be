import type { RunSummaryRow } from '../../pipeline/db/repositories/run.repository.js';
import { keyFigure } from './figure.js';
import { formatDate, formatInteger, formatPercent } from './format-fr.js';
import { html } from './html.js';
import { RUN_STATUS_LABELS, type RunStatus } from './labels-fr.js';
import { page } from './page-layout.js';
import { timeElement } from './run-page.js';

export interface RunIndexItem extends Omit<RunSummaryRow, 'status'> {
  status: RunStatus;
  /** Relative link to the run's page, null when that page is not in the folder. */
  pageHref: string | null;
}

/**
 * The index of the runs of a database, newest first. In each row, `data-figure` paths point into
 * that run's own key-figures.json (the row's `data-run-id`), as stored in the database.
 */
export function renderRunsIndex(items: readonly RunIndexItem[]): string {
  const rows = items.map((r) => {
    const f = r.figures;
    return html`<tr data-run-id="${r.runId}">
<td class="nowrap">${formatDate(r.asOf)}</td>
<td class="nowrap"><code>${r.runId}</code></td>
<td class="nowrap">${timeElement(r.startedAt)}</td>
<td class="nowrap"><span class="status ${r.status}">${RUN_STATUS_LABELS[r.status]}</span>${r.exitCode !== null && r.exitCode !== 0 ? html` <span class="note">(code ${r.exitCode})</span>` : null}</td>
<td class="num">${f ? keyFigure('of.identified', f.ofIdentified, formatInteger(f.ofIdentified)) : '—'}</td>
<td class="num">${f ? keyFigure('of.complianceRate', f.ofComplianceRate, formatPercent(f.ofComplianceRate)) : '—'}</td>
<td class="num">${f ? keyFigure('nonRetrouves.total', f.nonRetrouves, formatInteger(f.nonRetrouves)) : '—'}</td>
<td>${r.pageHref ? html`<a href="${r.pageHref}">rapport</a>` : '—'}</td>
</tr>`;
  });
  const header = html`<h1>Exécutions du pipeline SIEI</h1>
<p>${formatInteger(items.length)} exécution${items.length > 1 ? 's' : ''} dans la base, de la plus récente à la plus ancienne</p>`;
  const body = html`<section id="executions">
<table>
<thead><tr><th>Campagne</th><th>Exécution</th><th>Début</th><th>Statut</th><th class="num">Identifiés OF</th><th class="num">Conformité OF</th><th class="num">Non retrouvés</th><th>Rapport</th></tr></thead>
<tbody>
${items.length ? rows : html`<tr><td colspan="8" class="empty">Aucune exécution.</td></tr>`}
</tbody>
</table>
<p class="note">Une exécution « interrompue » a été arrêtée avant sa fin (sa base est restée cohérente) ; une exécution en échec sans chiffres n'a pas pu lire une source obligatoire. Le rapport d'une exécution n'est lié que s'il se trouve dans ce dossier. Heures de Paris.</p>
</section>`;
  return page('Exécutions du pipeline SIEI', header, body).value;
}
