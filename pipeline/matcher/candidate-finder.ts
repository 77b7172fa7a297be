import { BlockingIndex, keyHash } from './blocking-index.js';
import { blockingKeys, TRAINING_ONLY_PREFIXES, TRAINING_ONLY_RULES, type Identity } from './features.js';
import { TRAINING_SESSIONS } from './model.js';
import type { MatcherSettings } from './settings.js';

/**
 * The records a person shares a blocking key with, each once, in the order their keys and the index
 * give them (the order pattern counts are first met in, hence EM's sums, depends on it). Counts the
 * pairs each rule produces, once per rule, and notes which training sessions' rules produced each.
 * One finder per thread: its marks are per record.
 */
export class CandidateFinder {
  /** Bit s set when the pair came through the blocking rule of training session s (for the records `find` returned). */
  readonly sessionMask: Uint8Array;
  /** Whether the last `find` met a record through a rule that proposes links. */
  scoringCandidates = false;

  private readonly stamp: Int32Array;
  /** Bit of each rule that has already produced the pair: a pair counts once per rule, whatever its keys. */
  private readonly ruleMask: Int32Array;
  private visit = 0;
  private readonly rules = new Map<number, { rule: string; trainingOnly: boolean; bit: number; ruleBit: number }>();
  private readonly sessionBit = new Map(TRAINING_SESSIONS.map((t, s) => [t.rule, 1 << s]));
  private readonly withoutTrainingOnly: readonly string[];
  private out: number[] = [];
  private bit = 0;
  private ruleBit = 0;
  private newForRule = 0;
  // Every person looks up every key of theirs: the records found go through one callback rather than a closure per key.
  private readonly visitRecord = (i: number) => {
    if (this.stamp[i] !== this.visit) {
      this.stamp[i] = this.visit;
      this.sessionMask[i] = 0;
      this.ruleMask[i] = 0;
      this.out.push(i);
    }
    this.sessionMask[i]! |= this.bit;
    if (!(this.ruleMask[i]! & this.ruleBit)) {
      this.ruleMask[i]! |= this.ruleBit;
      this.newForRule++;
    }
  };

  constructor(
    private readonly index: BlockingIndex,
    records: number,
    private readonly settings: MatcherSettings,
  ) {
    this.stamp = new Int32Array(records).fill(-1);
    this.sessionMask = new Uint8Array(records);
    this.ruleMask = new Int32Array(records);
    this.withoutTrainingOnly = settings.blocking.filter((r) => !TRAINING_ONLY_RULES.has(r));
  }

  /**
   * Candidates of one person. Pairs are counted into `pairsByRule`: training-only rules when
   * `withTrainingOnly`, the others in the scoring pass.
   */
  find(identity: Identity, withTrainingOnly: boolean, scoringPass: boolean, pairsByRule: Record<string, number>): number[] {
    this.visit++;
    this.out = [];
    this.scoringCandidates = false;
    // Training-only keys come last (features.ts): leaving them out keeps the order of the others.
    for (const k of blockingKeys(identity, withTrainingOnly ? this.settings.blocking : this.withoutTrainingOnly)) {
      const rule = this.ruleOf(k);
      this.bit = rule.bit;
      this.ruleBit = rule.ruleBit;
      this.newForRule = 0;
      const n = this.index.forEachRecord(keyHash(k), this.visitRecord);
      if (n && !rule.trainingOnly) this.scoringCandidates = true;
      if (this.newForRule && (rule.trainingOnly ? withTrainingOnly : scoringPass)) pairsByRule[rule.rule] = (pairsByRule[rule.rule] ?? 0) + this.newForRule;
    }
    return this.out;
  }

  /** What a key's rule implies, worked out once per rule. */
  private ruleOf(k: string) {
    // Prefixes are two letters (features.ts): the first two characters name the rule.
    if (k.charCodeAt(2) !== PIPE) throw new Error(`blocking key without a two-letter rule prefix: ${k.slice(0, 8)}`);
    const code = k.charCodeAt(0) * 65536 + k.charCodeAt(1);
    let info = this.rules.get(code);
    if (!info) {
      const rule = k.slice(0, 2);
      info = { rule, trainingOnly: TRAINING_ONLY_PREFIXES.has(rule), bit: this.sessionBit.get(rule) ?? 0, ruleBit: 1 << this.rules.size };
      this.rules.set(code, info);
    }
    return info;
  }
}

const PIPE = '|'.charCodeAt(0);
