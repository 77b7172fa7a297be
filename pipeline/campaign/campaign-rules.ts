/**
 * The campaign rules of DOMAIN.md, every number a parameter (the project's interpretation where the
 * public sources are silent; README "Campaign rules"):
 * - school year N starts on 1 September of D's year when D is in September or later, else the year before;
 * - a leaver's latest school enrolment ended before D and at most `lookBackMonths` before it; an
 *   enrolment ends on its exit date, or on 31 August closing its school year when it has none;
 * - DS: leavers aged `ds.minAge`–`ds.maxAge` at D whose highest diploma is below `ds.diplomaLevelBelow`;
 * - OF: leavers aged `of.minAge` or more and under `of.maxAgeExclusive` at D, whatever their diploma;
 * - a DECA contract ending on D is in force at D; a rupture taking effect on D is in effect (the
 *   contract no longer counts);
 * - an I-Milo pathway ending on D is open at D; a contact on D − `mlRecentContactMonths` counts.
 */
export interface CampaignRules {
  readonly lookBackMonths: number;
  readonly leaverMinAge: number;
  readonly ds: { readonly minAge: number; readonly maxAge: number; readonly diplomaLevelBelow: number };
  readonly of: { readonly minAge: number; readonly maxAgeExclusive: number };
  readonly mlRecentContactMonths: number;
}

export const DEFAULT_CAMPAIGN_RULES: CampaignRules = Object.freeze({
  lookBackMonths: 12,
  leaverMinAge: 16,
  ds: Object.freeze({ minAge: 16, maxAge: 25, diplomaLevelBelow: 3 }),
  of: Object.freeze({ minAge: 16, maxAgeExclusive: 18 }),
  mlRecentContactMonths: 3,
});

/** When several solutions hold, the person's status is the first of this order. */
export const FOUND_STATUSES = ['scolarise', 'apprentissage', 'accompagne_ml'] as const;
export type FoundStatus = (typeof FOUND_STATUSES)[number];
export type CampaignStatus = FoundStatus | 'non_retrouve';
