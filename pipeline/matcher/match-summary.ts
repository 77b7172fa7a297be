import { InternalError } from '../errors.js';
import type { LinkDecision } from './link-records.js';

/**
 * What the matcher decided, in counts only (no person, no record): for run.json and the HTML report.
 * The histogram is of each record's best-candidate weight, so that a reader sees how many records sit
 * near the review and link thresholds, which is where a change of settings moves decisions.
 */
export interface MatchSummary {
  /** Solution records compared by the matcher (those linked by NUMERO_SIEI are not compared). */
  records: number;
  matched: number;
  review: number;
  /** Records left unlinked: no candidate, or a best weight below the review band. */
  nonMatch: number;
  /** Records that met no school person through any blocking rule (not in the histogram). */
  withoutCandidate: number;
  /** Records linked deterministically by the NUMERO_SIEI the mission locale handed back. */
  linkedBySiei: number;
  binWidth: number;
  weightHistogram: WeightBin[];
}

/** Records whose best weight is in [from, to). */
export interface WeightBin {
  from: number;
  to: number;
  count: number;
}

export const WEIGHT_BIN_WIDTH = 2;

/**
 * Fixed-width bins aligned on multiples of `width` (so that bins of two runs line up), from the bin
 * holding the smallest weight to the one holding the largest, empty bins included. Infinite weights
 * (no candidate) are left out.
 */
export function weightHistogram(weights: Iterable<number>, width = WEIGHT_BIN_WIDTH): WeightBin[] {
  if (!(width > 0) || !Number.isFinite(width)) throw new InternalError(`histogram bin width must be a positive number, got ${width}`);
  const finite = [...weights].filter(Number.isFinite);
  if (finite.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const w of finite) {
    if (w < min) min = w;
    if (w > max) max = w;
  }
  // `+ 0` turns −0 into 0, which JSON and people read the same way but Object.is does not.
  const start = Math.floor(min / width) * width + 0;
  const bins: WeightBin[] = Array.from({ length: Math.floor((max - start) / width) + 1 }, (_, k) => ({
    from: start + k * width,
    to: start + (k + 1) * width,
    count: 0,
  }));
  for (const w of finite) bins[Math.min(bins.length - 1, Math.floor((w - start) / width))]!.count++;
  return bins;
}

export function matchSummary(decisions: readonly Pick<LinkDecision, 'decision' | 'weight' | 'personId'>[], linkedBySiei: number, width = WEIGHT_BIN_WIDTH): MatchSummary {
  const count = (d: LinkDecision['decision']) => decisions.filter((x) => x.decision === d).length;
  return {
    records: decisions.length,
    matched: count('match'),
    review: count('review'),
    nonMatch: count('none'),
    withoutCandidate: decisions.filter((d) => d.personId === null).length,
    linkedBySiei,
    binWidth: width,
    weightHistogram: weightHistogram(
      decisions.filter((d) => d.personId !== null).map((d) => d.weight),
      width,
    ),
  };
}
