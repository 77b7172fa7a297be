/**
 * DECA contract statuses, canonical (upper case, no accent): the extracts write them with varying
 * accents and case (`Annulé`, `ANNULE`, `annulé`). An unknown status quarantines the row rather than
 * being read as "in force": a cancelled contract read as live would wrongly mark a young person found.
 */
export const DECA_STATUTS = ['ANNULE', 'CORRIGE', 'ROMPU', 'SUPPRIME'] as const;
export type DecaStatut = (typeof DECA_STATUTS)[number];

/** Versions with these statuses do not count: the contract version never existed. */
export const CANCELLED_STATUTS: readonly DecaStatut[] = ['ANNULE', 'SUPPRIME'];
