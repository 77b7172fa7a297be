import { readFileSync } from 'node:fs';
import type { RawConfig } from './config.js';
import { ConfigError } from './errors.js';

/**
 * Where a run's options come from, lowest precedence first: a JSON file (`--config` or SIEI_CONFIG),
 * environment variables (SIEI_AS_OF…), then the command-line flags. Every source is raw: one
 * `normalizeConfig` validates the merged result and reports every problem at once.
 */
export const CONFIG_KEYS = ['input', 'asOf', 'out', 'db', 'sources', 'maxQuarantineRate', 'twoDigitYearPivot', 'logFormat', 'logLevel'] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];

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
  const unknown = Object.keys(parsed).filter((k) => !(CONFIG_KEYS as readonly string[]).includes(k));
  if (unknown.length) {
    throw new ConfigError(unknown.map((k) => `Unknown key "${k}" in ${path}: expected one of ${CONFIG_KEYS.join(', ')}`));
  }
  const raw: RawConfig = {};
  for (const [k, v] of Object.entries(parsed)) raw[k as ConfigKey] = v === null ? undefined : String(v);
  return raw;
}

/** Later sources win, key by key; an absent key does not erase an earlier value. */
export function mergeRawConfig(...sources: RawConfig[]): RawConfig {
  const merged: RawConfig = {};
  for (const source of sources) for (const key of CONFIG_KEYS) if (source[key] !== undefined) merged[key] = source[key] as never;
  return merged;
}
