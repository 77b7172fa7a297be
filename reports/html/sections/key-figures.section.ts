import type { KeyFigures } from '../../key-figures.js';
import { keyFigure } from '../figure.js';
import { formatInteger, formatPercent } from '../format-fr.js';
import { html, type HtmlValue, type SafeHtml } from '../html.js';

function card(label: string, value: SafeHtml, detail: HtmlValue = null, main = false): SafeHtml {
  return html`<div class="${main ? 'card main' : 'card'}"><div class="label">${label}</div><div class="value">${value}</div>${detail ? html`<div class="detail">${detail}</div>` : null}</div>`;
}

const int = (path: string, v: number) => keyFigure(path, v, formatInteger(v));
const pct = (path: string, v: number | null) => keyFigure(path, v, formatPercent(v));

/** The headline figures (DOMAIN.md "RIO follow-up and the key figures"). */
export function keyFiguresSection(f: KeyFigures): SafeHtml {
  return html`<section id="chiffres-cles">
<h2>Chiffres clés</h2>
<div class="cards">
${card('Taux de conformité OF', pct('of.complianceRate', f.of.complianceRate), 'jeunes en solution parmi les identifiés OF non exemptés', true)}
${card('Identifiés OF (16-17 ans)', int('of.identified', f.of.identified), 'obligation de formation')}
${card('Conformes OF', int('of.compliant', f.of.compliant), 'trouvés par une source ou en solution selon le suivi')}
${card('Exemptés OF', int('of.exempted', f.of.exempted), 'certificat médical')}
${card('Identifiés DS (16-25 ans)', int('ds.identified', f.ds.identified), 'décrocheurs scolaires sans diplôme de niveau 3')}
${card('Non retrouvés', int('nonRetrouves.total', f.nonRetrouves.total), 'à contacter par les PSAD', true)}
${card('Couverture du suivi', pct('followUp.coverage', f.followUp.coverage), html`${int('followUp.withSituation', f.followUp.withSituation)} non retrouvés avec une situation enregistrée`)}
${card('Jeunes DS ou OF', int('population.total', f.population.total), html`dont ${int('population.dsAndOf', f.population.dsAndOf)} à la fois DS et OF`)}
</div>
<p class="note">Taux de conformité OF = conformes / (identifiés OF − exemptés). Un jeune est conforme s'il est trouvé en solution par le croisement des fichiers ou si sa PSAD a enregistré une solution.</p>
</section>`;
}
