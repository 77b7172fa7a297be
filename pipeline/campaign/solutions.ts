import { addMonthsIso } from './calendar.js';
import type { CampaignRules } from './campaign-rules.js';

/** A DECA contract version (the current one of its contract) is in force on D. */
export function contractInForce(v: { date_debut_contrat: string; date_fin_contrat: string; date_effet_rupture: string | null }, asOf: string): boolean {
  if (v.date_debut_contrat > asOf || v.date_fin_contrat < asOf) return false;
  // A rupture taking effect on D is in effect on D: the contract no longer counts.
  return v.date_effet_rupture === null || v.date_effet_rupture > asOf;
}

/** An I-Milo pathway is open on D (started, not ended; ending on D is still open), or a contact is recent. */
export function pathwayActive(
  p: { date_debut_parcours: string | null; date_fin_parcours: string | null; date_dernier_contact: string | null },
  asOf: string,
  rules: CampaignRules,
): boolean {
  const open = p.date_debut_parcours !== null && p.date_debut_parcours <= asOf && (p.date_fin_parcours === null || p.date_fin_parcours >= asOf);
  if (open) return true;
  const c = p.date_dernier_contact;
  return c !== null && c <= asOf && c >= addMonthsIso(asOf, -rules.mlRecentContactMonths);
}
