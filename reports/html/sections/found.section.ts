import type { KeyFigures } from '../../key-figures.js';
import { keyFigure } from '../figure.js';
import { formatInteger } from '../format-fr.js';
import { html, type SafeHtml } from '../html.js';
import { inlineBar } from '../svg-chart.js';

const SOURCES: { key: keyof KeyFigures['found']; label: string; detail: string }[] = [
  { key: 'scolarise', label: 'Scolarisé', detail: "inscrit pour l'année scolaire en cours (Éducation nationale ou enseignement agricole)" },
  { key: 'apprentissage', label: 'Apprentissage', detail: 'contrat DECA en vigueur à la date de campagne' },
  { key: 'accompagneMl', label: 'Accompagné par une mission locale', detail: 'parcours I-Milo ouvert ou contact récent' },
  { key: 'suivi', label: 'Solution enregistrée par la PSAD', detail: 'parmi les non retrouvés, situation de suivi en solution' },
];

/** What each source found: the answer to "who is not to be called, and why". */
export function foundSection(f: KeyFigures): SafeHtml {
  const max = Math.max(0, ...SOURCES.map((s) => f.found[s.key]));
  const rows = SOURCES.map(
    (s) => html`<tr><td>${s.label}</td><td class="note-cell">${s.detail}</td><td class="num">${keyFigure(`found.${s.key}`, f.found[s.key], formatInteger(f.found[s.key]))}</td><td>${inlineBar(f.found[s.key], max)}</td></tr>`,
  );
  return html`<section id="trouves-par-source">
<h2>Trouvés par source</h2>
<p class="note">Un jeune trouvé par plusieurs sources est compté une fois, à la première dans l'ordre : scolarité, apprentissage, mission locale. Les solutions enregistrées par les PSAD ne retirent pas un jeune de la liste des non retrouvés de cette campagne mais le rendent conforme à l'obligation de formation.</p>
<table>
<thead><tr><th>Source</th><th>Ce qui compte</th><th class="num">Jeunes</th><th></th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}
