import { addMonthsIso, ageAt, schoolYearEnd, schoolYearOf } from './calendar.js';
import type { CampaignRules } from './campaign-rules.js';

/** What the leaver rules need of one school enrolment (Education or Agriculture). */
export interface EnrolmentFacts {
  annee_scolaire: number;
  date_entree: string | null;
  date_sortie: string | null;
  niveau_diplome_obtenu: string | null;
}

export interface PopulationVerdict {
  leaver: boolean;
  age: number;
  inDs: boolean;
  inOf: boolean;
  /** End of the latest enrolment: its exit date, or 31 August closing its school year. */
  latestEnd: string;
  diplomaLevel: number | null;
}

/**
 * The latest enrolment: highest school year, then an open enrolment over a closed one, then the
 * latest exit, then the latest entry. With a person's records merged, a change of school within a
 * year (one enrolment closed, the next open) is therefore not a departure.
 */
export function latestEnrolment<E extends EnrolmentFacts>(enrolments: readonly E[]): E {
  let best = enrolments[0]!;
  for (const e of enrolments) if (compareEnrolments(e, best) > 0) best = e;
  return best;
}

function compareEnrolments(a: EnrolmentFacts, b: EnrolmentFacts): number {
  if (a.annee_scolaire !== b.annee_scolaire) return a.annee_scolaire - b.annee_scolaire;
  if ((a.date_sortie === null) !== (b.date_sortie === null)) return a.date_sortie === null ? 1 : -1;
  // ISO dates compare as strings; localeCompare's collation cost more than the rest of the comparison.
  const s = compareStrings(a.date_sortie ?? '', b.date_sortie ?? '');
  if (s !== 0) return s;
  return compareStrings(a.date_entree ?? '', b.date_entree ?? '');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Highest diploma level held over all enrolments (`5+` counts as 5); null when none is recorded. */
export function highestDiploma(enrolments: readonly EnrolmentFacts[]): number | null {
  let best: number | null = null;
  for (const e of enrolments) {
    if (!e.niveau_diplome_obtenu) continue;
    const level = parseInt(e.niveau_diplome_obtenu, 10);
    if (Number.isFinite(level) && (best === null || level > best)) best = level;
  }
  return best;
}

/** An open enrolment of year N (or later) means still at school at D, whatever else is known. */
export function stillEnrolled(latest: EnrolmentFacts, asOf: string): boolean {
  return latest.date_sortie === null && latest.annee_scolaire >= schoolYearOf(asOf);
}

/** DOMAIN.md rules 1 and 2 for one person, all of whose school enrolments are given. */
export function populationOf(enrolments: readonly EnrolmentFacts[], birthIso: string, asOf: string, rules: CampaignRules): PopulationVerdict {
  const latest = latestEnrolment(enrolments);
  const latestEnd = latest.date_sortie ?? schoolYearEnd(latest.annee_scolaire);
  const windowStart = addMonthsIso(asOf, -rules.lookBackMonths);
  const age = ageAt(birthIso, asOf);
  const leaver = !stillEnrolled(latest, asOf) && latestEnd < asOf && latestEnd >= windowStart && age >= rules.leaverMinAge;
  const diplomaLevel = highestDiploma(enrolments);
  const inDs = leaver && age >= rules.ds.minAge && age <= rules.ds.maxAge && (diplomaLevel === null || diplomaLevel < rules.ds.diplomaLevelBelow);
  const inOf = leaver && age >= rules.of.minAge && age < rules.of.maxAgeExclusive;
  return { leaver, age, inDs, inOf, latestEnd, diplomaLevel };
}
