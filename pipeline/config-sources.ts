import { readFileSync } from 'node:fs';
import type { RawConfig } from './config.js';
import { parameterDefault, SECTIONS } from './config-parameters.js';
import { ConfigError } from './errors.js';

/**
 * Where a run's options come from, lowest precedence first: a JSON file (`--config` or SIEI_CONFIG),
 * environment variables (SIEI_AS_OF…), then the command-line flags. Every source is raw: one
 * `normalizeConfig` validates the merged result and reports every problem at once.
 *
 * The file also holds the sections `campaign`, `matcher` and `retention` (config-parameters.ts),
 * merged over their defaults key by key. The matcher's three thresholds are in the `matcher` section
 * of the file, and also flags and environment variables (which win), for an analyst's one-off run.
 */
export const CONFIG_KEYS = [
  'input', 'asOf', 'out', 'db', 'sources', 'psad', 'psadFolders', 'maxQuarantineRate', 'twoDigitYearPivot',
  'matchWeight', 'reviewWeight', 'minMargin', 'logFormat', 'logLevel',
] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];

/** Flags and variables only: in the file these are `matcher.matchWeight`…, one spelling per source. */
const THRESHOLD_KEYS: readonly ConfigKey[] = ['matchWeight', 'reviewWeight', 'minMargin'];
export const FILE_KEYS: readonly string[] = [...CONFIG_KEYS.filter((k) => !THRESHOLD_KEYS.includes(k)), ...SECTIONS];

/** SIEI_AS_OF for asOf, SIEI_MAX_QUARANTINE_RATE for maxQuarantineRate… */
export function envName(key: ConfigKey): string {
  return `SIEI_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export function configFromEnv(env: NodeJS.ProcessEnv): RawConfig {
  const raw: RawConfig = {};
  for (const key of CONFIG_KEYS) {
    const value = env[envName(key)];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  return raw;
}

export function configFromFile(path: string): RawConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new ConfigError([`Invalid option \`--config\`: cannot read ${path} as JSON (${why})`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([`Invalid option \`--config\`: ${path} must hold a JSON object such as {"input": "extracts", "asOf": "2025-01-15"}`]);
  }
  // Reported with every other problem of the call (normalizeConfig), not on their own.
  const problems = Object.keys(parsed)
    .filter((k) => !FILE_KEYS.includes(k))
    .map((k) =>
      THRESHOLD_KEYS.includes(k as ConfigKey)
        ? `Unknown key "${k}" in ${path}: the matcher's thresholds go in its section, e.g. {"matcher": {"${k}": ${JSON.stringify(parameterDefault(`matcher.${k}`))}}}`
        : `Unknown key "${k}" in ${path}: expected one of ${FILE_KEYS.join(', ')}`,
    );
  const raw: RawConfig = { configFile: path, fileProblems: problems };
  for (const [k, v] of Object.entries(parsed)) {
    if (v === null || !FILE_KEYS.includes(k)) continue;
    // Sections stay JSON (typed values, checked against their parameters); the other keys are read
    // like the text of a flag or a variable.
    if ((SECTIONS as readonly string[]).includes(k)) raw[k as (typeof SECTIONS)[number]] = v;
    else raw[k as ConfigKey] = String(v);
  }
  return raw;
}

/** Later sources win, key by key; an absent key does not erase an earlier value. */
export function mergeRawConfig(...sources: RawConfig[]): RawConfig {
  const merged: Record<string, unknown> = {};
  for (const source of sources) for (const [key, value] of Object.entries(source)) if (value !== undefined) merged[key] = value;
  return merged as RawConfig;
}
