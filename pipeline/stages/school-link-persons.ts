import { schoolYearOf } from '../campaign/calendar.js';
import type { CampaignRules } from '../campaign/campaign-rules.js';
import { latestEnrolment, populationOf, stillEnrolled } from '../campaign/leaver.js';
import { IdentityStore, LIST_FIELDS, type DetachedIdentityStore } from '../matcher/identity-store.js';
import type { LinkInput } from '../matcher/link-records.js';
import { CampaignPersonsBuilder, type CampaignPersonsInput, type CampaignPersonsPart } from './campaign-persons.js';
import type { EnrolmentRow, PersonRange } from './school-persons.js';
import { SchoolIdentities } from './school-identities.js';

/**
 * The school link's pass over the school persons (school-link.ts): the leavers of the DS or OF
 * populations, and the persons enrolled at D whose records start in year N−1 or later (the
 * arrivals). Run on ranges of persons, one a thread (school-link-ranges.ts), then merged: the
 * result is that of one pass in person order.
 */
export interface SchoolLinkPersonsInput {
  asOf: string;
  rules: CampaignRules;
  /** When given, the campaign's persons are built from the same rows (campaign-persons.ts). */
  campaign?: CampaignPersonsInput;
}

/** What the pass gave on one range of persons: plain data and typed arrays, posted from a worker as it is (the arrays moved). */
export interface SchoolLinkPersonsPart {
  range: PersonRange;
  arrivals: DetachedIdentityStore;
  /** Each arrival's first school year and earliest entry that year (null when one is missing), in the store's order. */
  arrivalStarts: [firstYear: number, firstEntry: string | null][];
  leavers: DetachedIdentityStore;
  /** Each leaver's latest school year and exit, in the store's order. */
  leaverEnds: [lastYear: number, lastExit: string | null][];
  /** The campaign's persons of the range, when the input asks for them. */
  campaign?: CampaignPersonsPart;
}

/** A record of the school link's matching (link-records.ts), its identity in `leaverIdentities`. */
export interface SchoolLinkLeaver extends LinkInput {
  personId: number;
  lastYear: number;
  lastExit: string | null;
}

/** Everything the school link reads from the pass, all ranges merged. */
export interface SchoolLinkPersons {
  leavers: SchoolLinkLeaver[];
  /**
   * Leaver i's identity as entry i: handed to the matcher as its records' store, never built as
   * objects all at once. Built from a store and kept, they taught V8 that the store's identities live
   * long (allocation-site pretenuring): every identity the matchers then built from any store went
   * straight to the old generation, and the heap grew by hundreds of MB of garbage between full
   * collections (traced with --trace-gc on Hauts-de-France: 734 MB peak RSS against 464).
   */
  leaverIdentities: IdentityStore;
  /** Sealed, in person order. */
  arrivals: IdentityStore;
  arrivalStart: Map<number, { firstYear: number; firstEntry: string | null }>;
  /** The campaign's persons of each range, in range order, when the input asked for them. */
  campaignParts?: CampaignPersonsPart[];
}

/** The pass on one range's persons (`rows`, in person order); `onPerson` after each person, for a progress count. */
export function schoolLinkPersonsPart(rows: Iterable<EnrolmentRow[]>, range: PersonRange, input: SchoolLinkPersonsInput, onPerson: () => void = () => undefined): SchoolLinkPersonsPart {
  const { asOf, rules } = input;
  const yearN = schoolYearOf(asOf);
  const campaign = input.campaign && new CampaignPersonsBuilder(input.campaign);
  // The campaign's identities, when it builds them, serve here too, numbered in the same table
  // (without their postal codes: the school link compares school files with school files, on their
  // residence communes alone); else the same identities without postal codes, numbered here.
  const numbering = campaign?.numbering ?? new SchoolIdentities();
  const arrivals = new IdentityStore(numbering.table);
  const arrivalStarts: SchoolLinkPersonsPart['arrivalStarts'] = [];
  const leavers = new IdentityStore(numbering.table);
  const leaverEnds: SchoolLinkPersonsPart['leaverEnds'] = [];
  for (const group of rows) {
    onPerson();
    const built = campaign?.add(group);
    const latest = latestEnrolment(group);
    let firstYear = Infinity;
    for (const r of group) if (r.annee_scolaire < firstYear) firstYear = r.annee_scolaire;
    if (stillEnrolled(latest, asOf)) {
      if (firstYear < yearN - 1) continue;
      const entries = group.filter((r) => r.annee_scolaire === firstYear).map((r) => r.date_entree);
      arrivalStarts.push([firstYear, entries.includes(null) ? null : entries.sort()[0]!]);
      arrivals.addNumbered(latest.person_id, built?.identity ?? numbering.of(group, latest), POSTAL_CODES);
      continue;
    }
    const verdict = built?.verdict ?? populationOf(group, latest.date_naissance, asOf, rules);
    if (!verdict.inDs && !verdict.inOf) continue;
    leavers.addNumbered(latest.person_id, built?.identity ?? numbering.of(group, latest), POSTAL_CODES);
    leaverEnds.push([latest.annee_scolaire, latest.date_sortie]);
  }
  return { range, arrivals: arrivals.detach(), arrivalStarts, leavers: leavers.detach(), leaverEnds, campaign: campaign?.detach() };
}

/** The parts of consecutive ranges, in range order, as one pass would have given them. */
export function mergeSchoolLinkPersons(parts: readonly SchoolLinkPersonsPart[]): SchoolLinkPersons {
  const ordered = [...parts].sort((a, b) => a.range.from - b.range.from);
  const arrivals = IdentityStore.concat(ordered.map((part) => part.arrivals));
  const starts = ordered.flatMap((part) => part.arrivalStarts);
  const arrivalStart = new Map<number, { firstYear: number; firstEntry: string | null }>();
  starts.forEach(([firstYear, firstEntry], i) => arrivalStart.set(arrivals.personId(i), { firstYear, firstEntry }));
  const leaverIdentities = IdentityStore.concat(ordered.map((part) => part.leavers));
  const leavers = ordered.flatMap((part) => part.leaverEnds).map(([lastYear, lastExit], i): SchoolLinkLeaver => ({ personId: leaverIdentities.personId(i), lastYear, lastExit }));
  const campaignParts = ordered.every((part) => part.campaign) ? ordered.map((part) => part.campaign!) : undefined;
  return { leavers, leaverIdentities, arrivals, arrivalStart, campaignParts };
}

const POSTAL_CODES = LIST_FIELDS.indexOf('postalCodes');
