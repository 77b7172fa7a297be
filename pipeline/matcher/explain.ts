import { COMPARISONS } from './comparisons.js';
import { blockingKeys, RULE_NAMES, TRAINING_ONLY_NAMES } from './blocking-keys.js';
import type { Identity } from './features.js';
import { levelWeights, type TrainedModel } from './model.js';
import type { MatcherSettings } from './settings.js';

/** One candidate record of a person, field by field: the level reached and the weight it brings. */
export interface ExplainedCandidate {
  index: number;
  fields: { comparison: string; level: string | null; weight: number }[];
  /** Sum of the field weights, without the surname-frequency adjustment of the run. */
  total: number;
}

/**
 * Every record that shares a blocking key with the person, scored with the run's trained model,
 * best first. The run adjusted an exact surname by its frequency, which needs the whole population;
 * the total here is without it, and says so.
 */
export function explainCandidates(person: Identity, records: readonly { identity: Identity }[], model: TrainedModel, settings: MatcherSettings): ExplainedCandidate[] {
  const looked = blockingKeys(person, settings.blocking, settings.regionBlocking ? 'lookup' : undefined);
  const keys = new Set(looked.hashes.filter((_, k) => !TRAINING_ONLY_NAMES.has(RULE_NAMES[looked.rules[k]!]!)));
  const weights = levelWeights(model);
  const out: ExplainedCandidate[] = [];
  records.forEach((r, index) => {
    if (!blockingKeys(r.identity, settings.blocking, settings.regionBlocking ? 'index' : undefined).hashes.some((k) => keys.has(k))) return;
    const fields = COMPARISONS.map((c, k) => {
      const level = c.compare(person, r.identity, settings);
      return { comparison: c.name, level: level === null ? null : c.levels[level]!, weight: level === null ? 0 : round2(weights[k]![level]!) };
    });
    out.push({ index, fields, total: round2(fields.reduce((a, f) => a + f.weight, 0)) });
  });
  return out.sort((a, b) => b.total - a.total || a.index - b.index);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
