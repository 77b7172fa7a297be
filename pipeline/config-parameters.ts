import { DEFAULT_CAMPAIGN_RULES } from './campaign/campaign-rules.js';
import { DEFAULT_MATCHER_SETTINGS } from './matcher/settings.js';
import { DEFAULT_RETENTION } from './purge/retention.js';

/**
 * The parameters of the configuration file's sections (`campaign`, `matcher`, `retention`): one list
 * that the validation, `siei run --help` and a test of the README all read, so that a parameter
 * cannot be added without its range and its documentation. Defaults are not repeated here: they are
 * read from the objects the code uses (DEFAULT_CAMPAIGN_RULES…), so the help cannot drift from them.
 */
export const SECTIONS = ['campaign', 'matcher', 'retention'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface ParameterSpec {
  /** Dotted path in ${file}: `campaign.ds.maxAge`. */
  readonly path: string;
  readonly type: 'integer' | 'number' | 'boolean';
  /** Inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** Also a flag (and the SIEI_* variable of the same name), which wins over the file. */
  readonly flag?: string;
  readonly meaning: string;
}

export const PARAMETERS: readonly ParameterSpec[] = [
  { path: 'campaign.lookBackMonths', type: 'integer', min: 1, max: 120, meaning: "look-back: a leaver's latest enrolment ended at most this many months before D" },
  // The CNIL authorisation covers 16–25 year-olds: no setting may list anyone younger or older.
  { path: 'campaign.leaverMinAge', type: 'integer', min: 16, max: 25, meaning: 'leavers are at least this old at D (CNIL: never under 16)' },
  { path: 'campaign.ds.minAge', type: 'integer', min: 16, max: 25, meaning: 'DS: youngest age at D' },
  { path: 'campaign.ds.maxAge', type: 'integer', min: 16, max: 25, meaning: 'DS: oldest age at D (CNIL authorisation: 16–25)' },
  { path: 'campaign.ds.diplomaLevelBelow', type: 'integer', min: 1, max: 8, meaning: 'DS: highest diploma below this level (3 = CAP, 4 = bac)' },
  { path: 'campaign.of.minAge', type: 'integer', min: 16, max: 18, meaning: 'OF: youngest age at D' },
  { path: 'campaign.of.maxAgeExclusive', type: 'integer', min: 17, max: 26, meaning: 'OF: age at D that ends the obligation (18: "not yet 18")' },
  { path: 'campaign.mlRecentContactMonths', type: 'integer', min: 0, max: 24, meaning: 'I-Milo contact window: a contact this many months before D or later counts as accompagné' },

  { path: 'matcher.matchWeight', type: 'number', min: 1, max: 100, flag: 'match-weight', meaning: 'a record links to the best person when the match weight (log2 of the Bayes factor) is at least this' },
  { path: 'matcher.reviewWeight', type: 'number', min: 0, max: 100, flag: 'review-weight', meaning: 'below matchWeight: a record that does not link but weighs at least this goes to review.csv' },
  { path: 'matcher.minMargin', type: 'number', min: 0, max: 100, flag: 'min-margin', meaning: 'a link also needs this much more weight than the next-best person' },
  { path: 'matcher.surnameMismatchPenalty', type: 'number', min: 0, max: 100, meaning: 'extra weight a link needs when no surname agrees at all' },
  { path: 'matcher.jaroWinkler.surnameHigh', type: 'number', min: 0.5, max: 1, meaning: 'Jaro-Winkler similarity from which two surnames are "close"' },
  { path: 'matcher.jaroWinkler.surnameLow', type: 'number', min: 0.5, max: 1, meaning: 'Jaro-Winkler similarity from which two surnames are "similar" (at most surnameHigh)' },
  { path: 'matcher.jaroWinkler.firstName', type: 'number', min: 0.5, max: 1, meaning: 'Jaro-Winkler similarity from which two first names are one with a typo' },
  { path: 'matcher.firstNameMisspellingRatio', type: 'number', min: 1, max: 10000, meaning: 'a first name one letter away from another is that name misspelt when this many times rarer among school persons' },
  { path: 'matcher.oneLiveRecordPerSource', type: 'boolean', meaning: 'two live records of one source (two contracts, two open pathways) never link to the same person' },
  { path: 'matcher.pupilsLastInTies', type: 'boolean', meaning: 'a record the matcher cannot decide between a pupil at school at D (STATUT ST) and someone else is decided without the pupil' },
  { path: 'matcher.regionBlocking', type: 'boolean', meaning: 'the broad blocking rules compare a record only with the persons of a region it is known in (born or living there), or with anyone when either is known nowhere' },
  { path: 'matcher.termFrequency', type: 'boolean', meaning: 'an exact surname weighs by its frequency (MARTIN less than a rare name)' },

  { path: 'retention.runsMonths', type: 'integer', min: 1, max: 1200, meaning: "a run whose campaign date is older loses its per-person results (campaign_person, campaign_review) and input links; its key figures stay for the trend" },
  { path: 'retention.inputsMonths', type: 'integer', min: 1, max: 1200, meaning: 'an input file no run has used for this long is deleted with every row read from it' },
  { path: 'retention.quarantineMonths', type: 'integer', min: 1, max: 1200, meaning: 'the quarantined and warned rows (raw lines) of a file no run has used for this long are deleted' },
  { path: 'retention.suiviMonths', type: 'integer', min: 1, max: 1200, meaning: 'PSAD follow-up situations dated earlier than this are deleted' },
  { path: 'retention.imiloMaxAge', type: 'integer', min: 16, max: 26, meaning: 'I-Milo records of people this old or older are deleted (décret 2015-59: until 26)' },
];

/**
 * Keys of the matcher's settings that are saved in run.json but cannot be configured: they are the
 * model's structure and training (blocking rules, EM, u sampling, priors), whose changes are checked
 * by the accuracy tests, not by a range.
 */
const NOT_CONFIGURABLE: Record<string, string> = {
  'matcher.blocking': 'the blocking rules',
  'matcher.em': 'the EM training settings',
  'matcher.uSampling': 'the u sampling settings',
  'matcher.priors': 'the priors',
};

const SECTION_DEFAULTS: Record<SectionName, object> = { campaign: DEFAULT_CAMPAIGN_RULES, matcher: DEFAULT_MATCHER_SETTINGS, retention: DEFAULT_RETENTION };

export function parameterDefault(path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], SECTION_DEFAULTS);
}

export function describeExpected(spec: ParameterSpec): string {
  if (spec.type === 'boolean') return 'true or false';
  const kind = spec.type === 'integer' ? 'an integer' : 'a number';
  return spec.min !== undefined && spec.max !== undefined ? `${kind} from ${spec.min} to ${spec.max}` : kind;
}

/** The value if it fits the spec (strings allowed for flags and environment variables), else undefined. */
export function parseParameter(spec: ParameterSpec, value: unknown, fromText: boolean): number | boolean | undefined {
  if (spec.type === 'boolean') return typeof value === 'boolean' ? value : undefined;
  const n = typeof value === 'number' ? value : fromText && typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n))) return undefined;
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) return undefined;
  return n;
}

/**
 * One section of the configuration file merged over its defaults, key by key (a partial section
 * changes only what it names). Every wrong key is reported, with the path, what was expected and
 * what was found; unknown keys are errors, so that a typo does not silently leave a default.
 */
export function readSection<T extends object>(section: SectionName, raw: unknown, problems: string[], file = 'the configuration file'): T {
  const merged = structuredClone(SECTION_DEFAULTS[section]) as Record<string, unknown>;
  const walk = (value: unknown, path: string, target: Record<string, unknown>) => {
    if (!isPlainObject(value)) {
      problems.push(`Invalid key \`${path}\` in ${file}: expected an object such as ${example(path)}, got ${JSON.stringify(value)}`);
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      const at = `${path}.${key}`;
      const spec = PARAMETERS.find((p) => p.path === at);
      if (spec) {
        const parsed = parseParameter(spec, v, false);
        if (parsed === undefined) problems.push(`Invalid key \`${at}\` in ${file}: expected ${describeExpected(spec)}, got ${JSON.stringify(v)}`);
        else target[key] = parsed;
      } else if (PARAMETERS.some((p) => p.path.startsWith(`${at}.`))) {
        walk(v, at, target[key] as Record<string, unknown>);
      } else if (NOT_CONFIGURABLE[at]) {
        problems.push(`Key \`${at}\` in ${file} cannot be set: ${NOT_CONFIGURABLE[at]} are part of the matcher's model (saved in run.json), changed in code with the accuracy tests`);
      } else {
        problems.push(`Unknown key \`${at}\` in ${file}: expected one of ${childKeys(path).join(', ')}`);
      }
    }
  };
  if (raw !== undefined) walk(raw, section, merged);
  return deepFreeze(merged) as T;
}

/** The keys one level below `path` (`campaign` → lookBackMonths, leaverMinAge, ds, of, …). */
function childKeys(path: string): string[] {
  const keys = PARAMETERS.filter((p) => p.path.startsWith(`${path}.`)).map((p) => p.path.slice(path.length + 1).split('.')[0]!);
  return [...new Set(keys)];
}

function example(path: string): string {
  const first = PARAMETERS.find((p) => p.path.startsWith(`${path}.`) && p.path.slice(path.length + 1).indexOf('.') === -1);
  return first ? `{"${first.path.slice(path.length + 1)}": ${JSON.stringify(parameterDefault(first.path))}}` : '{}';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

const SECTION_TITLES: Record<SectionName, string> = {
  campaign: 'the campaign rules of DOMAIN.md (D = --as-of)',
  matcher: 'the thresholds of the record linkage (weights in bits: log2 of the Bayes factor)',
  retention: 'the periods of siei purge, counted back from its --as-of',
};

/** `--help`'s list of a section's parameters with their defaults, wrapped at 100 columns. */
export function parametersHelp(sections: readonly SectionName[] = SECTIONS): string {
  const lines: string[] = [];
  for (const section of sections) {
    lines.push(`"${section}": ${SECTION_TITLES[section]}`);
    for (const p of PARAMETERS.filter((q) => q.path.startsWith(`${section}.`))) {
      const head = `  ${p.path.slice(section.length + 1)} = ${JSON.stringify(parameterDefault(p.path))}`.padEnd(36);
      const words = `${p.meaning}${p.flag ? ` (also --${p.flag})` : ''}`.split(' ');
      let line = head;
      for (const w of words) {
        if (line.length + 1 + w.length > 100 && line.trim() !== head.trim()) {
          lines.push(line);
          line = ' '.repeat(36);
        }
        line += (line.endsWith(' ') ? '' : ' ') + w;
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}
