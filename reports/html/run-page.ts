import type { KeyFigures } from '../key-figures.js';
import type { RunManifest } from '../run-manifest.writer.js';
import { keyFigure, runFigure } from './figure.js';
import { formatDate, formatDateTime } from './format-fr.js';
import { html, type SafeHtml } from './html.js';
import { labelOf, RUN_ERROR_LABELS, RUN_STATUS_LABELS } from './labels-fr.js';
import { page } from './page-layout.js';
import { dataQualitySection } from './sections/data-quality.section.js';
import { foundSection } from './sections/found.section.js';
import { keyFiguresSection } from './sections/key-figures.section.js';
import { matchingSection } from './sections/matching.section.js';
import { territorySection } from './sections/territory.section.js';
import { trendSection } from './sections/trend.section.js';

export interface RunPageInput {
  figures: KeyFigures;
  manifest: RunManifest;
  /** Relative link to the index of runs from where this page is written. */
  indexHref: string;
}

/** A timestamp for people, with the machine-readable instant kept in `datetime`. */
export function timeElement(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${formatDateTime(iso)}</time>`;
}

/**
 * The report of one run, from key-figures.json and run.json only: the page adds no figure of its
 * own, so that what a reader sees is what dashboards read. No names, birth dates, INE or NUMERO_SIEI.
 */
export function renderRunPage({ figures: f, manifest: m, indexHref }: RunPageInput): string {
  const asOf = formatDate(f.asOf);
  const header = html`<h1>Rapport de campagne SIEI : jeunes non retrouvés et obligation de formation</h1>
<p>Campagne du ${keyFigure('asOf', f.asOf, asOf)} · exécution <span class="status ${m.status}">${RUN_STATUS_LABELS[m.status]}</span> · <a href="${indexHref}">toutes les exécutions</a></p>`;
  const alert =
    m.status === 'failed'
      ? html`<div class="alert"><strong>Exécution en échec (code de sortie ${m.exitCode}).</strong> Les chiffres ci-dessous sont ceux que l'exécution a pu calculer.<ul>${m.errors.map(
          (e) => html`<li><strong>${labelOf(RUN_ERROR_LABELS, e.code)}</strong> <code>${e.code}</code><div class="sub">détail technique (tel que journalisé) : ${e.message}</div></li>`,
        )}</ul></div>`
      : null;
  const footer = html`<footer>
<dl>
<dt>Exécution</dt><dd>${keyFigure('runId', f.runId, f.runId)}</dd>
<dt>Version</dt><dd>siei-pipeline ${runFigure('version', m.version, m.version)}</dd>
<dt>Date de campagne</dt><dd>${asOf}</dd>
<dt>Début</dt><dd>${timeElement(m.startedAt)}</dd>
<dt>Fin</dt><dd>${timeElement(m.finishedAt)}</dd>
</dl>
<p>Ce rapport ne contient aucune donnée nominative. Les listes nominatives sont dans <code>non-retrouves/</code> (une par PSAD) et <code>review.csv</code> ; les chiffres, dans <code>key-figures.json</code> et <code>run.json</code>. Heures de Paris.</p>
</footer>`;
  const body = html`${alert}
${keyFiguresSection(f)}
${trendSection(f)}
${territorySection(f)}
${foundSection(f)}
${dataQualitySection(f, m)}
${matchingSection(f, m)}
${footer}`;
  return page(`Rapport SIEI – campagne du ${asOf}`, header, body).value;
}
