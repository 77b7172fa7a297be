import type { KeyFigures } from '../../key-figures.js';
import type { RunManifest } from '../../run-manifest.writer.js';
import { keyFigure, runFigure } from '../figure.js';
import { formatInteger, formatNumber } from '../format-fr.js';
import { html, type HtmlValue, type SafeHtml } from '../html.js';
import { BLOCKING_RULE_LABELS, labelOf } from '../labels-fr.js';
import { histogramSvg } from '../svg-chart.js';
import { CHART_COLORS } from './chart-colors.js';

function card(label: string, value: SafeHtml, detail: HtmlValue = null): SafeHtml {
  return html`<div class="card"><div class="label">${label}</div><div class="value">${value}</div>${detail ? html`<div class="detail">${detail}</div>` : null}</div>`;
}

/**
 * What the matcher did: how many solution records it compared, linked, sent to review, and where
 * their best weights fall against the thresholds. Counts only: the records themselves (names, birth
 * dates) are in review.csv, never here.
 */
export function matchingSection(f: KeyFigures, m: RunManifest): SafeHtml {
  const matcher = m.matcher;
  if (!matcher) return html`<section id="rapprochement"><h2>Rapprochement</h2><p class="empty">Pas de rapprochement dans cette exécution.</p></section>`;
  const { summary: s, settings } = matcher;
  const int = (path: string, v: number) => runFigure(path, v, formatInteger(v));
  const rules = Object.entries(matcher.pairsByRule).sort(([a], [b]) => a.localeCompare(b));
  const histogram = histogramSvg(s.weightHistogram, {
    title: 'Enregistrements par poids du meilleur candidat',
    baseColor: CHART_COLORS.neutral,
    baseLabel: `sous le seuil de revue (< ${formatNumber(settings.reviewWeight)})`,
    zones: [
      { from: settings.reviewWeight, color: CHART_COLORS.review, label: `zone de revue (${formatNumber(settings.reviewWeight)} à ${formatNumber(settings.matchWeight)})` },
      { from: settings.matchWeight, color: CHART_COLORS.primary, label: `seuil de rapprochement atteint (≥ ${formatNumber(settings.matchWeight)})` },
    ],
    format: formatNumber,
    dataRunPath: 'matcher.summary.weightHistogram',
    width: 960,
  });
  return html`<section id="rapprochement">
<h2>Rapprochement</h2>
<p class="note">Les contrats d'apprentissage en vigueur et les parcours de mission locale actifs à la date de campagne sont rapprochés des jeunes connus des fichiers scolaires, sans identifiant commun, par un modèle de Fellegi-Sunter. Ceux qui portent le NUMERO_SIEI rendu par la mission locale sont rapprochés directement.</p>
<div class="cards five">
${card('Enregistrements comparés', int('matcher.summary.records', s.records), 'contrats et parcours sans NUMERO_SIEI')}
${card('Rapprochés', int('matcher.summary.matched', s.matched), 'par le modèle')}
${card('À revoir', int('matcher.summary.review', s.review), html`zone de revue, dans <code>review.csv</code> : DECA ${keyFigure('matching.reviewDeca', f.matching.reviewDeca, formatInteger(f.matching.reviewDeca))}, I-Milo ${keyFigure('matching.reviewImilo', f.matching.reviewImilo, formatInteger(f.matching.reviewImilo))}`)}
${card('Non rapprochés', int('matcher.summary.nonMatch', s.nonMatch), html`dont ${int('matcher.summary.withoutCandidate', s.withoutCandidate)} sans aucun candidat`)}
${card('Rapprochés par NUMERO_SIEI', int('matcher.summary.linkedBySiei', s.linkedBySiei), 'identifiant rendu par la mission locale')}
</div>
<p class="note">Rapprochement à partir d'un poids de ${formatNumber(settings.matchWeight)} (${formatNumber(settings.matchWeight + settings.surnameMismatchPenalty)} sans accord sur le nom), avec ${formatNumber(settings.minMargin)} d'avance sur la personne suivante et des prénoms concordants ; à revoir à partir de ${formatNumber(settings.reviewWeight)}. Un poids de la zone de rapprochement peut donc aller en revue.</p>
<h3>Poids du meilleur candidat (classes de ${formatNumber(s.binWidth)})</h3>
${histogram}
<h3>Paires candidates par règle de blocage</h3>
<table>
<thead><tr><th>Règle</th><th>Clé</th><th class="num">Paires candidates</th></tr></thead>
<tbody>
${rules.map(([rule, count]) => html`<tr><td>${labelOf(BLOCKING_RULE_LABELS, rule)}</td><td><code>${rule}</code></td><td class="num">${int(`matcher.pairsByRule.${rule}`, count)}</td></tr>`)}
<tr class="total"><td>Paires distinctes comparées</td><td></td><td class="num">${int('matcher.candidatePairs', matcher.candidatePairs)}</td></tr>
</tbody>
</table>
<p class="note">Une paire peut venir de plusieurs règles.</p>
</section>`;
}
