import { COMPARISONS } from './comparisons.js';

/**
 * Fellegi-Sunter model: for each comparison level, m = P(level | same person) and
 * u = P(level | different persons). The weight of a level is log2(m/u); a pair's match weight is the
 * prior log-odds plus the weights of its levels (missing values weigh 0).
 *
 * u is measured on random pairs (almost all of which are different persons); m is estimated without
 * labels by expectation-maximisation on the candidate pairs, with u held fixed (as Splink does).
 * Pairs are counted by comparison pattern, so EM runs on a few hundred pattern counts, not on millions
 * of pairs held in memory.
 */
export interface TrainedModel {
  comparisons: { name: string; levels: readonly string[]; m: number[]; u: number[] }[];
  /** Per training session: its blocking rule, pairs, learned share of matches and EM iterations. */
  sessions: { rule: string; pairs: number; lambda: number; iterations: number }[];
  /** Persons compared. */
  persons: number;
  candidatePairs: number;
  randomPairs: number;
}

/** Level of each comparison, or -1 when missing. */
export type Pattern = Int8Array;

const RADIX = COMPARISONS.map((c) => c.levels.length + 1);

export function encodePattern(levels: ArrayLike<number>): number {
  let code = 0;
  for (let i = 0; i < RADIX.length; i++) code = code * RADIX[i]! + (levels[i]! + 1);
  return code;
}

export function decodePattern(code: number): number[] {
  const out = new Array<number>(RADIX.length);
  for (let i = RADIX.length - 1; i >= 0; i--) {
    out[i] = (code % RADIX[i]!) - 1;
    code = Math.floor(code / RADIX[i]!);
  }
  return out;
}

/** u from level counts on random pairs, plus `pseudoPairs` pairs drawn from the prior (no level gets u = 0). */
export function estimateU(randomCounts: number[][], prior: number[][], pseudoPairs: number): number[][] {
  return randomCounts.map((counts, k) => {
    const total = counts.reduce((a, b) => a + b, 0) + pseudoPairs;
    return counts.map((c, l) => (c + pseudoPairs * prior[k]![l]!) / total);
  });
}

/**
 * Training sessions (Splink's approach): EM runs on the pairs of one blocking rule and estimates m
 * only for the comparisons that rule does not block on. Pairs blocked on a surname sound all agree on
 * the surname, matches or not, so they say nothing about the surname's m — and, trained on every
 * comparison at once, EM takes "same surname" for "same person" (observed on the demo: m of an exact
 * birth date fell to 0.19). Each comparison's m is the mean over the sessions that estimate it.
 */
export interface TrainingSession {
  /** Name of the blocking rule whose pairs the session trains on (RULE_NAMES in blocking-keys.ts). */
  rule: string;
  estimates: readonly string[];
}

export const TRAINING_SESSIONS: readonly TrainingSession[] = [
  // Birth date and first name blocked: learns the surname. Not the sex: a first name implies it.
  { rule: 'DF', estimates: ['surname', 'birth_place', 'residence'] },
  // Surname sound and day/month blocked: learns the first name and the sex.
  { rule: 'SM', estimates: ['first_name', 'sex', 'birth_place', 'residence'] },
  // Surname and first-name sounds blocked (training only): learns the birth date.
  { rule: 'NF', estimates: ['birth_date', 'birth_place', 'residence'] },
];

/**
 * EM for m with u fixed, on the comparisons `active` only; λ (the share of matches among the
 * session's pairs) is learned, capped at records / pairs (a record has at most one person). A field
 * that goes with the blocking key must not be active: the sex agrees among same-first-name pairs
 * whether they match or not, and with it active λ climbed to 1 on Hauts-de-France (0.9995 on 11.6
 * million same-name pairs).
 */
export function trainSession(
  patternCounts: ReadonlyMap<number, number>,
  u: number[][],
  active: readonly number[],
  options: { maxIterations: number; tolerance: number },
  priorM: number[][],
  maxLambda: number,
): { m: number[][]; lambda: number; iterations: number } {
  const patterns = [...patternCounts].map(([code, count]) => ({ levels: decodePattern(code), count }));
  let m = priorM.map((levels) => [...levels]);
  let lambda = Math.min(0.1, maxLambda);
  let iterations = 0;
  for (; iterations < options.maxIterations; iterations++) {
    const mNum = m.map((levels) => levels.map(() => 0));
    const mDen = m.map(() => 0);
    let matchTotal = 0;
    let total = 0;
    for (const { levels, count } of patterns) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (const k of active) {
        const l = levels[k]!;
        if (l < 0) continue;
        pm *= m[k]![l]!;
        pu *= u[k]![l]!;
      }
      const w = pm / (pm + pu);
      matchTotal += w * count;
      total += count;
      for (const k of active) {
        const l = levels[k]!;
        if (l < 0) continue;
        mNum[k]![l]! += w * count;
        mDen[k]! += w * count;
      }
    }
    const next = m.map((levels, k) => (active.includes(k) && mDen[k]! > 0 ? levels.map((_, l) => Math.max(mNum[k]![l]! / mDen[k]!, 1e-6)) : levels));
    const nextLambda = total > 0 ? Math.min(Math.max(matchTotal / total, 1e-6), maxLambda) : lambda;
    const change = Math.max(Math.abs(nextLambda - lambda), ...next.flatMap((levels, k) => levels.map((x, l) => Math.abs(x - m[k]![l]!))));
    m = next;
    lambda = nextLambda;
    if (change < options.tolerance) {
      iterations++;
      break;
    }
  }
  return { m, lambda, iterations };
}

/** m per comparison: the mean of the sessions that estimate it and had enough pairs, else the prior. */
export function combineSessions(
  results: readonly { m: number[][]; pairs: number }[],
  sessions: readonly TrainingSession[],
  names: readonly string[],
  priorM: number[][],
  minPairs: number,
): number[][] {
  return names.map((name, k) => {
    const from = results.filter((r, s) => r.pairs >= minPairs && sessions[s]!.estimates.includes(name));
    const m = from.length ? priorM[k]!.map((_, l) => from.reduce((acc, r) => acc + r.m[k]![l]!, 0) / from.length) : priorM[k]!;
    return floorAndNormalise(m);
  });
}

/**
 * No level may have m below M_FLOOR: on a small or clean training set EM gives m = 0 to "different
 * residence" or "different sex", and one such field would then veto a true match with −20 bits.
 * Real people move and forms carry errors; 1% keeps a disagreement strong evidence, never a veto.
 */
export const M_FLOOR = 0.01;

function floorAndNormalise(m: number[]): number[] {
  const floored = m.map((x) => Math.max(x, M_FLOOR));
  const total = floored.reduce((a, b) => a + b, 0);
  return floored.map((x) => x / total);
}

export function levelWeights(model: TrainedModel): number[][] {
  return model.comparisons.map((c) => c.m.map((m, l) => Math.log2(m / c.u[l]!)));
}


