/** What a reviewer answers in review.csv's DECISION column: the record is this person, or it is not. */
export const DECISIONS = ['OUI', 'NON'] as const;
export type ReviewDecision = (typeof DECISIONS)[number];

/** Other spellings accepted (case and accents are ignored anyway: `oui`, `Non`, `NÔN`). */
export const DECISION_ALIASES: readonly (readonly [string, ReviewDecision])[] = [
  ['O', 'OUI'],
  ['N', 'NON'],
  ['1', 'OUI'],
  ['0', 'NON'],
];

/** The sources whose records go to review.csv, as its SOURCE column writes them. */
export const REVIEW_SOURCES = ['deca', 'imilo'] as const;
export type ReviewSource = (typeof REVIEW_SOURCES)[number];
