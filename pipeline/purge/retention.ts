/**
 * How long the database keeps what it holds (DOMAIN.md "Legal frame": retention is not published, so
 * every period is a parameter; these defaults are the project's choice, documented in the README).
 * Months are counted back from the purge date (`siei purge --as-of`, today by default).
 */
export interface RetentionPolicy {
  /** A run whose campaign date is older loses its per-person results and its links to input files. */
  readonly runsMonths: number;
  /** An input file no run has used for this long is deleted with every row read from it. */
  readonly inputsMonths: number;
  /** The quarantined and warned rows (raw lines as read) of a file no run has used for this long. */
  readonly quarantineMonths: number;
  /** PSAD follow-up situations dated earlier than this. */
  readonly suiviMonths: number;
  /** I-Milo records of people this old or older (décret 2015-59: kept only until 26). */
  readonly imiloMaxAge: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = Object.freeze({
  runsMonths: 24,
  inputsMonths: 12,
  quarantineMonths: 6,
  suiviMonths: 36,
  imiloMaxAge: 26,
});
