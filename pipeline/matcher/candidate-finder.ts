import type { BlockingIndex } from './blocking-index.js';
import { KeyList, keysOf, KeyTraits, RULE_NAMES, traitsOf, TRAINING_ONLY_NAMES, TRAINING_ONLY_RULES, type KeyRegions } from './blocking-keys.js';
import type { Identity } from './features.js';
import { TRAINING_SESSIONS } from './model.js';
import type { BlockingRule, MatcherSettings } from './settings.js';

/**
 * The records a person shares a blocking key with, each once, in the order their keys and the index
 * give them (the order pattern counts are first met in, hence EM's sums, depends on it). Counts the
 * pairs each rule produces, once per rule, and notes which training sessions' rules produced each.
 * One finder per thread: its marks are per record.
 */
export class CandidateFinder {
  /** Whether the last `find` met a record through a rule that proposes links. */
  scoringCandidates = false;

  /**
   * Two numbers a record, side by side so that a visit reads one place in memory rather than three
   * arrays (nationally every person visits about twenty records, at random): the visit that last met
   * it, then the rules that produced the pair (bits 0–7) and the training sessions (bits 8 and up).
   */
  private readonly marks: Int32Array;
  private visit = 0;
  /** What each rule (a RULE_NAMES index) implies for a pair it produces. */
  private readonly rules = RULE_NAMES.map((rule, r) => ({
    rule,
    trainingOnly: TRAINING_ONLY_NAMES.has(rule),
    ruleBit: 1 << r,
    /** What a pair it produces sets in its record's marks: the rule's bit and its training session's. */
    bits: ((SESSION_BIT.get(rule) ?? 0) << SESSION_SHIFT) | (1 << r),
  }));
  private readonly keys = new KeyList();
  private readonly traits = new KeyTraits();
  /** The rules this finder looks keys up for (the settings', or fewer: `rules`), with and without the training-only ones. */
  private readonly allRules: readonly BlockingRule[];
  private readonly rulesProposingLinks: readonly BlockingRule[];
  /** The side a person's keys are looked up from (KeyRegions), for traits worked out by the caller. */
  readonly regions: KeyRegions | undefined;
  private out: number[] = [];
  private bits = 0;
  private ruleBit = 0;
  private newForRule = 0;
  // Every person looks up every key of theirs: the records found go through one callback rather than a closure per key.
  private readonly visitRecord = (i: number) => {
    const marks = this.marks;
    const at = 2 * i;
    if (marks[at] !== this.visit) {
      marks[at] = this.visit;
      marks[at + 1] = 0;
      this.out.push(i);
    }
    const m = marks[at + 1]!;
    if (!(m & this.ruleBit)) this.newForRule++;
    marks[at + 1] = m | this.bits;
  };

  /** `rules`: only these of the settings' rules are looked up (the first pass's: see PersonPasses). */
  constructor(
    private readonly index: BlockingIndex,
    records: number,
    settings: MatcherSettings,
    rules: (rule: BlockingRule) => boolean = () => true,
  ) {
    this.marks = new Int32Array(2 * records);
    for (let i = 0; i < records; i++) this.marks[2 * i] = -1;
    this.allRules = settings.blocking.filter(rules);
    this.rulesProposingLinks = this.allRules.filter((r) => !TRAINING_ONLY_RULES.has(r));
    this.regions = settings.regionBlocking ? 'lookup' : undefined;
  }

  /** Bit s set when the pair with record i came through the blocking rule of training session s (for the records the last `find` returned). */
  sessionMask(i: number): number {
    return this.marks[2 * i + 1]! >>> SESSION_SHIFT;
  }

  /**
   * Candidates of one person. Pairs are counted into `pairsByRule`: training-only rules when
   * `withTrainingOnly`, the others in the scoring pass.
   */
  find(identity: Identity, withTrainingOnly: boolean, scoringPass: boolean, pairsByRule: Record<string, number>): number[] {
    return this.findByTraits(traitsOf(identity, this.regions, this.traits), withTrainingOnly, scoringPass, pairsByRule);
  }

  /** `find` on the traits of the person's keys, worked out on this finder's side (`regions`): see stored-key-traits.ts. */
  findByTraits(traits: KeyTraits, withTrainingOnly: boolean, scoringPass: boolean, pairsByRule: Record<string, number>): number[] {
    this.visit++;
    this.out = [];
    this.scoringCandidates = false;
    // Training-only keys come last (blocking-keys.ts): leaving them out keeps the order of the others.
    const keys = keysOf(traits, withTrainingOnly ? this.allRules : this.rulesProposingLinks, this.keys);
    for (let k = 0; k < keys.length; k++) {
      const rule = this.rules[keys.rules[k]!]!;
      this.bits = rule.bits;
      this.ruleBit = rule.ruleBit;
      this.newForRule = 0;
      const n = this.index.forEachRecord(keys.hashes[k]!, this.visitRecord, keys.nowhere[k]);
      if (n && !rule.trainingOnly) this.scoringCandidates = true;
      if (this.newForRule && (rule.trainingOnly ? withTrainingOnly : scoringPass)) pairsByRule[rule.rule] = (pairsByRule[rule.rule] ?? 0) + this.newForRule;
    }
    return this.out;
  }
}

const SESSION_BIT = new Map<string, number>(TRAINING_SESSIONS.map((t, s) => [t.rule, 1 << s]));
/** Where the sessions' bits start in a record's marks, past the rules' (RULE_NAMES has five). */
const SESSION_SHIFT = 8;
