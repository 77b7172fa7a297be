import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES } from '../../pipeline/campaign/campaign-rules.js';
import { normalizeConfig, normalizePurgeConfig, type RawConfig } from '../../pipeline/config.js';
import { PARAMETERS, parameterDefault } from '../../pipeline/config-parameters.js';
import { configFromEnv, mergeRawConfig } from '../../pipeline/config-sources.js';
import { ConfigError } from '../../pipeline/errors.js';
import { DEFAULT_MATCHER_SETTINGS } from '../../pipeline/matcher/settings.js';
import { DEFAULT_RETENTION } from '../../pipeline/purge/retention.js';

const base: RawConfig = { input: 'in', out: 'out', asOf: '2025-01-15' };

function problemsOf(raw: RawConfig): readonly string[] {
  try {
    normalizeConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

/** Every leaf of an object as a dotted path: `ds.maxAge`… */
function leaves(o: object, prefix: string): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? leaves(v, `${prefix}.${k}`) : [`${prefix}.${k}`]));
}

describe('configuration sections: campaign, matcher, retention', () => {
  it('merges a partial section over the defaults, key by key, without touching the defaults', () => {
    const config = normalizeConfig({ ...base, campaign: { ds: { maxAge: 20 }, mlRecentContactMonths: 6 }, matcher: { jaroWinkler: { firstName: 0.9 } }, retention: { runsMonths: 3 } });
    expect(config.campaign).toEqual({ ...DEFAULT_CAMPAIGN_RULES, ds: { minAge: 16, maxAge: 20, diplomaLevelBelow: 3 }, mlRecentContactMonths: 6 });
    expect(config.matcher.jaroWinkler).toEqual({ surnameHigh: 0.94, surnameLow: 0.88, firstName: 0.9 });
    expect(config.matcher.priors).toEqual(DEFAULT_MATCHER_SETTINGS.priors);
    expect(config.retention).toEqual({ ...DEFAULT_RETENTION, runsMonths: 3 });
    expect(DEFAULT_CAMPAIGN_RULES.ds.maxAge).toBe(25);
    expect(DEFAULT_MATCHER_SETTINGS.jaroWinkler.firstName).toBe(0.92);
    expect(Object.isFrozen(config.campaign.ds)).toBe(true);
  });

  it('takes the thresholds from the file, then the environment, then the flags', () => {
    const file: RawConfig = { ...base, matcher: { matchWeight: 20, reviewWeight: 9 } };
    const env = configFromEnv({ SIEI_MATCH_WEIGHT: '22', SIEI_MIN_MARGIN: '4' });
    expect(normalizeConfig(mergeRawConfig(file)).matcher).toMatchObject({ matchWeight: 20, reviewWeight: 9, minMargin: 6 });
    expect(normalizeConfig(mergeRawConfig(file, env)).matcher).toMatchObject({ matchWeight: 22, reviewWeight: 9, minMargin: 4 });
    expect(normalizeConfig(mergeRawConfig(file, env, { matchWeight: '24.5' })).matcher).toMatchObject({ matchWeight: 24.5, reviewWeight: 9, minMargin: 4 });
  });

  it('lists every problem at once, each naming the key or the option, the expected shape and the value', () => {
    expect(
      problemsOf({
        ...base,
        configFile: 'siei.json',
        campaign: { lookbackMonths: 6, ds: { maxAge: 30, minAge: '16' }, of: 5 },
        matcher: { jaroWinkler: { surnameLow: 1.5 }, blocking: [], termFrequency: 'yes' },
        retention: { imiloMaxAge: 30, purgeEverything: true },
        matchWeight: 'abc',
        minMargin: '-1',
      }),
    ).toEqual([
      'Unknown key `campaign.lookbackMonths` in siei.json: expected one of lookBackMonths, leaverMinAge, ds, of, mlRecentContactMonths',
      'Invalid key `campaign.ds.maxAge` in siei.json: expected an integer from 16 to 25, got 30',
      'Invalid key `campaign.ds.minAge` in siei.json: expected an integer from 16 to 25, got "16"',
      'Invalid key `campaign.of` in siei.json: expected an object such as {"minAge": 16}, got 5',
      'Invalid key `matcher.jaroWinkler.surnameLow` in siei.json: expected a number from 0.5 to 1, got 1.5',
      "Key `matcher.blocking` in siei.json cannot be set: the blocking rules are part of the matcher's model (saved in run.json), changed in code with the accuracy tests",
      'Invalid key `matcher.termFrequency` in siei.json: expected true or false, got "yes"',
      'Invalid option `--match-weight`: expected a number from 1 to 100, got "abc"',
      'Invalid option `--min-margin`: expected a number from 0 to 100, got "-1"',
      'Invalid key `retention.imiloMaxAge` in siei.json: expected an integer from 16 to 26, got 30',
      'Unknown key `retention.purgeEverything` in siei.json: expected one of runsMonths, inputsMonths, quarantineMonths, suiviMonths, imiloMaxAge',
    ]);
  });

  it('checks the parameters that go together, naming where each value came from', () => {
    expect(problemsOf({ ...base, configFile: 'siei.json', matcher: { reviewWeight: 20 }, campaign: { ds: { minAge: 20, maxAge: 18 }, of: { minAge: 17, maxAgeExclusive: 17 } } })).toEqual([
      'Invalid key `campaign.ds.minAge` in siei.json: expected at most campaign.ds.maxAge (18), got 20',
      'Invalid key `campaign.of.minAge` in siei.json: expected below campaign.of.maxAgeExclusive (17), got 17',
      'Invalid key `matcher.reviewWeight` in siei.json: expected a weight below the match weight (18), got 20',
    ]);
    expect(problemsOf({ ...base, reviewWeight: '19', matchWeight: '15' })).toEqual(['Invalid option `--review-weight`: expected a weight below the match weight (15), got 19']);
    expect(problemsOf({ ...base, psad: 'PSAD59L, ../etc' })[0]).toMatch(/^Invalid option `--psad`: expected a comma-separated list of PSAD codes/);
    expect(normalizeConfig({ ...base, psad: ' PSAD59L,PSAD62A,PSAD59L ' }).psad).toEqual(['PSAD59L', 'PSAD62A']);
  });

  it('has a parameter, with its range, for every campaign rule and retention period', () => {
    const paths = PARAMETERS.map((p) => p.path);
    for (const leaf of [...leaves(DEFAULT_CAMPAIGN_RULES, 'campaign'), ...leaves(DEFAULT_RETENTION, 'retention')]) expect(paths).toContain(leaf);
    for (const p of PARAMETERS) expect(parameterDefault(p.path), p.path).not.toBeUndefined();
  });

  it('documents every parameter with its default in the README', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    for (const p of PARAMETERS) expect(readme, p.path).toContain(`| \`${p.path}\` | \`${JSON.stringify(parameterDefault(p.path))}\` |`);
  });
});

describe('purge configuration', () => {
  it('uses db, else <out>/siei.db, and today unless --as-of', () => {
    expect(normalizePurgeConfig({ db: '/data/siei.db' }, '2026-01-02')).toMatchObject({ dbFile: '/data/siei.db', asOf: '2026-01-02', dryRun: false, retention: DEFAULT_RETENTION });
    expect(normalizePurgeConfig({ out: '/data/out', asOf: '2025-06-01', dryRun: true }, '2026-01-02')).toMatchObject({ dbFile: '/data/out/siei.db', asOf: '2025-06-01', dryRun: true });
    expect(() => normalizePurgeConfig({ asOf: '2025-13-01', retention: { runsMonths: 0 } }, '2026-01-02')).toThrow(
      /Missing option `--db <file>`.*\n.*Invalid option `--as-of`.*\n.*Invalid key `retention.runsMonths` in the configuration file: expected an integer from 1 to 1200, got 0/,
    );
  });
});
