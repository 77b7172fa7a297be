import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempOutDir } from '../helpers/input-dir.js';

/** `--psad`: the campaign runs on the whole region, only the chosen lists are written. */
const demo = fileURLToPath(new URL('../../fixtures/scenarios/demo/input', import.meta.url));
const run = (out: string, ...flags: string[]) => runCli(['run', '--input', demo, '--as-of', '2025-01-15', '--out', out, '--log-format', 'json', ...flags]);
const figures = async (out: string) => JSON.parse(await readFile(join(out, 'key-figures.json'), 'utf8'));
const list = async (out: string, code: string) =>
  parse((await readFile(join(out, 'non-retrouves', `${code}.csv`), 'utf8')).slice(1), { delimiter: ';', columns: true }) as Record<string, string>[];

describe('--psad', () => {
  let out: string;
  beforeAll(async () => {
    out = await tempOutDir();
  });

  it('refuses an unknown code once the referential is read (exit 2), naming the closest codes, and writes no report', async () => {
    const r = run(out, '--psad', 'PSAD5990,psad5901');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'Invalid option `--psad`: unknown code "PSAD5990"; the communes_psad referential of this run has 29 PSAD codes (and NON_DETERMINE); closest: PSAD5909, PSAD5901, PSAD5902',
    );
    expect(r.stderr).not.toContain('psad5901');
    expect(existsSync(join(out, 'run.json'))).toBe(false);
    expect(existsSync(join(out, 'non-retrouves'))).toBe(false);
    const db = new Database(join(out, 'siei.db'), { readonly: true });
    expect(db.prepare('SELECT status, exit_code FROM run').all()).toEqual([{ status: 'failed', exit_code: 2 }]);
    db.close();
  });

  it('writes only the chosen lists, replacing a whole run\'s folder, with the region\'s figures and the filter said', async () => {
    expect(run(out).status).toBe(0);
    const whole = await figures(out);
    expect(await readdir(join(out, 'non-retrouves'))).toHaveLength(30);
    expect(whole.filter).toBeUndefined();

    expect(run(out, '--psad', 'psad5901,NON_DETERMINE').status).toBe(0);
    expect((await readdir(join(out, 'non-retrouves'))).sort()).toEqual(['NON_DETERMINE.csv', 'PSAD5901.csv']);
    const rows = await list(out, 'PSAD5901');
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.CODE_PSAD === 'PSAD5901')).toBe(true);
    expect(await list(out, 'NON_DETERMINE')).toHaveLength(1);

    const filtered = await figures(out);
    expect(filtered.filter).toEqual({ psad: ['NON_DETERMINE', 'PSAD5901'] });
    expect(filtered.nonRetrouves).toEqual({
      total: 164,
      byPsad: [
        { codePsad: 'NON_DETERMINE', libellePsad: 'Territoire non déterminé', count: 1 },
        { codePsad: 'PSAD5901', libellePsad: "PSAD de Villeneuve-d'Ascq", count: 4 },
      ],
    });
    // Everything else is the unfiltered run's, the trend included.
    const rest = (f: Record<string, unknown>) => ({ ...f, runId: null, trend: null, filter: null, nonRetrouves: null });
    expect(rest(filtered)).toEqual(rest(whole));
    expect(filtered.of).toEqual({ identified: 339, compliant: 287, exempted: 0, complianceRate: 0.8466 });
    expect(filtered.trend.map((t: { nonRetrouves: number }) => t.nonRetrouves)).toEqual([164]);

    const schema = JSON.parse(await readFile(new URL('../../reports/schemas/key-figures.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020.default({ allErrors: true }).compile(schema);
    expect(validate(filtered), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...filtered, filter: { psad: [] } })).toBe(false);
    expect(JSON.parse(await readFile(join(out, 'run.json'), 'utf8')).flags.psad).toEqual(['psad5901', 'NON_DETERMINE']);
  });
});
