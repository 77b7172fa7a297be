import { isExists } from 'date-fns/isExists';
import { resolve, join } from 'node:path';
import type { SourceName } from '../connectors/connector.js';
import { SOURCE_NAMES } from '../connectors/registry.js';
import { DEFAULT_CAMPAIGN_RULES, type CampaignRules } from './campaign/campaign-rules.js';
import { ConfigError } from './errors.js';
import { DEFAULT_MATCHER_SETTINGS, type MatcherSettings } from './matcher/settings.js';

/**
 * RawConfig (flags as typed, later also a file and the environment) → normalizeConfig → a frozen
 * PipelineConfig. Every problem is reported at once, each naming the option, what was expected and
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
  twoDigitYearPivot?: string | number;
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
  /** Two-digit years ≤ this year's last two digits are 20AA, others 19AA (pipeline/normalize/dates.ts). */
  readonly twoDigitYearPivot: number;
  /** DOMAIN.md's campaign rules, every number a parameter (pipeline/campaign/campaign-rules.ts). */
  readonly campaign: CampaignRules;
  /** The matcher's settings (pipeline/matcher/settings.ts), saved in run.json. */
  readonly matcher: MatcherSettings;
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

export function normalizeConfig(raw: RawConfig): PipelineConfig {
  const problems: string[] = [];
  const invalid = (opt: string, expected: string, got: unknown) =>
    problems.push(`Invalid option \`--${opt}\`: expected ${expected}, got ${JSON.stringify(got)}`);

  if (!raw.input) problems.push('Missing option `--input <dir>`: the folder holding the extracts');
  if (!raw.out) problems.push('Missing option `--out <dir>`: the folder the reports are written to');

  let asOf = '';
  if (!raw.asOf) problems.push('Missing option `--as-of <AAAA-MM-JJ>`: the campaign date');
  else if (!isIsoDate(raw.asOf)) invalid('as-of', 'a real date AAAA-MM-JJ', raw.asOf);
  else asOf = raw.asOf;

  const logFormat = raw.logFormat ?? DEFAULTS.logFormat;
  if (logFormat !== 'text' && logFormat !== 'json') invalid('log-format', '"text" or "json"', raw.logFormat);

  const logLevel = (raw.logLevel ?? DEFAULTS.logLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) invalid('log-level', LOG_LEVELS.join(', '), raw.logLevel);

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

  // Ten years past the campaign: contract ends (up to 3–4 years ahead) stay in this century, and
  // nobody in these extracts was born 90 years before the campaign.
  const defaultPivot = (asOf ? Number(asOf.slice(0, 4)) : new Date().getUTCFullYear()) + TWO_DIGIT_YEAR_LOOKAHEAD;
  const twoDigitYearPivot = raw.twoDigitYearPivot === undefined ? defaultPivot : Number(raw.twoDigitYearPivot);
  if (!Number.isInteger(twoDigitYearPivot) || twoDigitYearPivot < 1950 || twoDigitYearPivot > 2099) {
    invalid('two-digit-year-pivot', 'a year between 1950 and 2099', raw.twoDigitYearPivot);
  }

  if (problems.length) throw new ConfigError(problems);
  const outDir = resolve(raw.out!);
  return Object.freeze({
    inputDir: resolve(raw.input!),
    asOf,
    outDir,
    dbFile: raw.db ? resolve(raw.db) : join(outDir, DEFAULTS.dbFileName),
    logFormat: logFormat as LogFormat,
    logLevel,
    maxQuarantineRate,
    sources: sources ? Object.freeze(sources) : null,
    twoDigitYearPivot,
    campaign: DEFAULT_CAMPAIGN_RULES,
    matcher: DEFAULT_MATCHER_SETTINGS,
  });
}

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && isExists(+m[1]!, +m[2]! - 1, +m[3]!);
}
