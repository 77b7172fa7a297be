import { isExists } from 'date-fns/isExists';
import { resolve, join } from 'node:path';
import type { SourceName } from '../connectors/connector.js';
import { SOURCE_NAMES } from '../connectors/registry.js';
import type { CampaignRules } from './campaign/campaign-rules.js';
import { describeExpected, parseParameter, PARAMETERS, readSection } from './config-parameters.js';
import { ConfigError } from './errors.js';
import type { MatcherSettings } from './matcher/settings.js';
import type { RetentionPolicy } from './purge/retention.js';

/**
 * RawConfig (a file, the environment and flags, merged by config-sources.ts) → normalizeConfig → a
 * frozen PipelineConfig. Every problem is reported at once, each naming the option, what was expected and
 * what was given, so an analyst fixes the call in one go.
 */

export interface RawConfig {
  input?: string;
  asOf?: string;
  out?: string;
  db?: string;
  logFormat?: string;
  logLevel?: string;
  maxQuarantineRate?: string | number;
  sources?: string;
  /** Comma-separated PSAD codes whose lists alone are written. */
  psad?: string;
  /** Also one folder per PSAD (`par-psad/<CODE>/`), for distribution: true/false (file), 1/0, oui/non. */
  psadFolders?: string | boolean;
  twoDigitYearPivot?: string | number;
  /** The matcher's thresholds as flags or variables (text); in the file they are in `matcher`. */
  matchWeight?: string | number;
  reviewWeight?: string | number;
  minMargin?: string | number;
  /** Flag only: a variable or a file left behind must never turn a cron run into one that writes nothing. */
  dryRun?: boolean;
  /** The file's sections, JSON as written (config-parameters.ts). */
  campaign?: unknown;
  matcher?: unknown;
  retention?: unknown;
  /** The file the options were read from, named in the messages about its sections. */
  configFile?: string;
  /** What was wrong with the file itself (unknown keys), reported with every other problem. */
  fileProblems?: readonly string[];
}

export type LogFormat = 'text' | 'json';
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

export interface PipelineConfig {
  readonly inputDir: string;
  readonly asOf: string;
  readonly outDir: string;
  readonly dbFile: string;
  readonly logFormat: LogFormat;
  readonly logLevel: LogLevel;
  /** Largest share of a file's rows that may be quarantined before the run fails with exit 4. */
  readonly maxQuarantineRate: number;
  /** Sources to read; null = all. */
  readonly sources: readonly SourceName[] | null;
  /** PSAD codes whose lists alone are written (the campaign still runs on everyone); null = all. */
  readonly psad: readonly string[] | null;
  /** Also write `par-psad/<CODE_PSAD>/non-retrouves_<CODE_PSAD>.csv`, one folder per PSAD to hand over. */
  readonly psadFolders: boolean;
  /** Read, check and compute everything, print the summary, write nothing (pipeline/dry-run.ts). */
  readonly dryRun: boolean;
  /** Two-digit years ≤ this year's last two digits are 20AA, others 19AA (pipeline/normalize/dates.ts). */
  readonly twoDigitYearPivot: number;
  /** DOMAIN.md's campaign rules, every number a parameter (pipeline/campaign/campaign-rules.ts). */
  readonly campaign: CampaignRules;
  /** The matcher's settings (pipeline/matcher/settings.ts), saved in run.json. */
  readonly matcher: MatcherSettings;
  /** Retention periods of `siei purge`, checked with every run so that a typo shows at once. */
  readonly retention: RetentionPolicy;
}

export const DEFAULTS = {
  maxQuarantineRate: 0.05,
  logFormat: 'text' as LogFormat,
  logLevel: 'info' as LogLevel,
  dbFileName: 'siei.db',
};

/** Default two-digit-year pivot = the --as-of year + this (pipeline/normalize/dates.ts). */
export const TWO_DIGIT_YEAR_LOOKAHEAD = 10;

const LOG_LEVELS: readonly LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

/** PSAD codes become file names (`non-retrouves/<CODE>.csv`): letters, digits, `_` and `-` only. */
const PSAD_CODE = /^[A-Za-z0-9_-]{1,40}$/;

type Invalid = (opt: string, expected: string, got: unknown) => void;

export function normalizeConfig(raw: RawConfig): PipelineConfig {
  const problems: string[] = [...(raw.fileProblems ?? [])];
  const invalid: Invalid = (opt, expected, got) => problems.push(`Invalid option \`--${opt}\`: expected ${expected}, got ${JSON.stringify(got)}`);

  if (!raw.input) problems.push('Missing option `--input <dir>`: the folder holding the extracts');
  if (!raw.out) problems.push('Missing option `--out <dir>`: the folder the reports are written to');

  let asOf = '';
  if (!raw.asOf) problems.push('Missing option `--as-of <AAAA-MM-JJ>`: the campaign date');
  else if (!isIsoDate(raw.asOf)) invalid('as-of', 'a real date AAAA-MM-JJ', raw.asOf);
  else asOf = raw.asOf;

  const { logFormat, logLevel } = normalizeLogOptions(raw, invalid);

  const maxQuarantineRate = raw.maxQuarantineRate === undefined ? DEFAULTS.maxQuarantineRate : Number(raw.maxQuarantineRate);
  if (!Number.isFinite(maxQuarantineRate) || maxQuarantineRate < 0 || maxQuarantineRate > 1) {
    invalid('max-quarantine-rate', 'a number between 0 and 1 (0.05 = 5%)', raw.maxQuarantineRate);
  }

  let sources: SourceName[] | null = null;
  if (raw.sources !== undefined) {
    const list = raw.sources.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const unknown = list.filter((s) => !SOURCE_NAMES.includes(s as SourceName));
    if (unknown.length || list.length === 0) invalid('sources', `a comma-separated list of ${SOURCE_NAMES.join(', ')}`, raw.sources);
    else sources = list as SourceName[];
  }

  // Whether each code exists is known only once the referential is read (pipeline/stages/psad-filter.ts).
  let psad: string[] | null = null;
  if (raw.psad !== undefined) {
    const list = [...new Set(raw.psad.split(',').map((s) => s.trim()).filter(Boolean))];
    if (list.length === 0 || !list.every((c) => PSAD_CODE.test(c))) {
      invalid('psad', 'a comma-separated list of PSAD codes of the communes_psad referential (letters, digits, _ and -), e.g. PSAD5901,PSAD5902', raw.psad);
    } else psad = list;
  }

  const psadFolders = parseBoolean(raw.psadFolders);
  if (psadFolders === null) invalid('psad-folders', 'true or false (also 1/0, oui/non)', raw.psadFolders);

  // Ten years past the campaign: contract ends (up to 3–4 years ahead) stay in this century, and
  // nobody in these extracts was born 90 years before the campaign.
  const defaultPivot = (asOf ? Number(asOf.slice(0, 4)) : new Date().getUTCFullYear()) + TWO_DIGIT_YEAR_LOOKAHEAD;
  const twoDigitYearPivot = raw.twoDigitYearPivot === undefined ? defaultPivot : Number(raw.twoDigitYearPivot);
  if (!Number.isInteger(twoDigitYearPivot) || twoDigitYearPivot < 1950 || twoDigitYearPivot > 2099) {
    invalid('two-digit-year-pivot', 'a year between 1950 and 2099', raw.twoDigitYearPivot);
  }

  const campaign = normalizeCampaignRules(raw, problems);
  const matcher = normalizeMatcherSettings(raw, problems);
  const retention = readSection<RetentionPolicy>('retention', raw.retention, problems, raw.configFile);

  if (problems.length) throw new ConfigError(problems);
  const outDir = resolve(raw.out!);
  return Object.freeze({
    inputDir: resolve(raw.input!),
    asOf,
    outDir,
    dbFile: raw.db ? resolve(raw.db) : join(outDir, DEFAULTS.dbFileName),
    logFormat,
    logLevel,
    maxQuarantineRate,
    sources: sources ? Object.freeze(sources) : null,
    psad: psad ? Object.freeze(psad) : null,
    psadFolders: psadFolders === true,
    dryRun: raw.dryRun === true,
    twoDigitYearPivot,
    campaign,
    matcher,
    retention,
  });
}

export interface PurgeConfig {
  readonly dbFile: string;
  /** The date the retention periods count back from. */
  readonly asOf: string;
  readonly dryRun: boolean;
  readonly retention: RetentionPolicy;
  readonly logFormat: LogFormat;
  readonly logLevel: LogLevel;
}

/**
 * `siei purge` reads the same file, variables and flags as `siei run`: the database is `db`, else
 * `<out>/siei.db` as for a run; the date is `asOf`, else `today` (the clock, read once by the CLI).
 * The `campaign` and `matcher` sections are checked too, so that the one file has one verdict.
 */
export function normalizePurgeConfig(raw: RawConfig, today: string): PurgeConfig {
  const problems: string[] = [...(raw.fileProblems ?? [])];
  const invalid: Invalid = (opt, expected, got) => problems.push(`Invalid option \`--${opt}\`: expected ${expected}, got ${JSON.stringify(got)}`);
  if (!raw.db && !raw.out) problems.push('Missing option `--db <file>`: the database to purge');
  const asOf = raw.asOf ?? today;
  if (!isIsoDate(asOf)) invalid('as-of', 'a real date AAAA-MM-JJ', raw.asOf);
  const { logFormat, logLevel } = normalizeLogOptions(raw, invalid);
  normalizeCampaignRules(raw, problems);
  normalizeMatcherSettings(raw, problems);
  const retention = readSection<RetentionPolicy>('retention', raw.retention, problems, raw.configFile);
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze({
    dbFile: raw.db ? resolve(raw.db) : join(resolve(raw.out!), DEFAULTS.dbFileName),
    asOf,
    dryRun: raw.dryRun === true,
    retention,
    logFormat,
    logLevel,
  });
}

function inFile(raw: RawConfig): string {
  return raw.configFile ?? 'the configuration file';
}

function normalizeLogOptions(raw: RawConfig, invalid: Invalid): { logFormat: LogFormat; logLevel: LogLevel } {
  const logFormat = raw.logFormat ?? DEFAULTS.logFormat;
  if (logFormat !== 'text' && logFormat !== 'json') invalid('log-format', '"text" or "json"', raw.logFormat);
  const logLevel = (raw.logLevel ?? DEFAULTS.logLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) invalid('log-level', LOG_LEVELS.join(', '), raw.logLevel);
  return { logFormat: logFormat as LogFormat, logLevel };
}

/** The `campaign` section over DEFAULT_CAMPAIGN_RULES, and the checks that involve two parameters. */
function normalizeCampaignRules(raw: RawConfig, problems: string[]): CampaignRules {
  const before = problems.length;
  const rules = readSection<CampaignRules>('campaign', raw.campaign, problems, raw.configFile);
  if (problems.length > before) return rules;
  if (rules.ds.minAge > rules.ds.maxAge) {
    problems.push(`Invalid key \`campaign.ds.minAge\` in ${inFile(raw)}: expected at most campaign.ds.maxAge (${rules.ds.maxAge}), got ${rules.ds.minAge}`);
  }
  if (rules.of.minAge >= rules.of.maxAgeExclusive) {
    problems.push(`Invalid key \`campaign.of.minAge\` in ${inFile(raw)}: expected below campaign.of.maxAgeExclusive (${rules.of.maxAgeExclusive}), got ${rules.of.minAge}`);
  }
  return rules;
}

/**
 * The `matcher` section over DEFAULT_MATCHER_SETTINGS, then the thresholds given as flags or
 * variables. A problem names where the value came from: the option, or the file's key.
 */
function normalizeMatcherSettings(raw: RawConfig, problems: string[]): MatcherSettings {
  const before = problems.length;
  const fromFile = readSection<MatcherSettings>('matcher', raw.matcher, problems, raw.configFile);
  const overrides: Partial<Record<'matchWeight' | 'reviewWeight' | 'minMargin', number>> = {};
  const where: Record<string, string> = {};
  for (const spec of PARAMETERS.filter((p) => p.path.startsWith('matcher.') && p.flag)) {
    const key = spec.path.slice('matcher.'.length) as keyof typeof overrides;
    const given = raw[key];
    where[key] = given === undefined ? `key \`${spec.path}\` in ${inFile(raw)}` : `option \`--${spec.flag}\``;
    if (given === undefined) continue;
    const value = parseParameter(spec, given, true);
    if (value === undefined) problems.push(`Invalid option \`--${spec.flag}\`: expected ${describeExpected(spec)}, got ${JSON.stringify(given)}`);
    else overrides[key] = value as number;
  }
  const settings = Object.freeze({ ...fromFile, ...overrides });
  if (problems.length > before) return settings;
  if (settings.reviewWeight >= settings.matchWeight) {
    problems.push(`Invalid ${where.reviewWeight}: expected a weight below the match weight (${settings.matchWeight}), got ${settings.reviewWeight}`);
  }
  if (settings.jaroWinkler.surnameLow > settings.jaroWinkler.surnameHigh) {
    problems.push(`Invalid key \`matcher.jaroWinkler.surnameLow\` in ${inFile(raw)}: expected at most matcher.jaroWinkler.surnameHigh (${settings.jaroWinkler.surnameHigh}), got ${settings.jaroWinkler.surnameLow}`);
  }
  return settings;
}

/** undefined → false; true/false, 1/0, oui/non, yes/no (any case) → the boolean; anything else → null. */
function parseBoolean(v: string | boolean | undefined): boolean | null {
  if (v === undefined || typeof v === 'boolean') return v ?? false;
  const s = v.trim().toLowerCase();
  if (['true', '1', 'oui', 'yes'].includes(s)) return true;
  if (['false', '0', 'non', 'no'].includes(s)) return false;
  return null;
}

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && isExists(+m[1]!, +m[2]! - 1, +m[3]!);
}
