import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../pipeline/config.js';
import { ConfigError } from '../../pipeline/errors.js';
import { runOn, tempOutDir } from '../helpers/input-dir.js';

/** Issue 6, point 1: optionally one folder per PSAD, each holding only that territory's people. */
const demo = fileURLToPath(new URL('../../fixtures/scenarios/demo/input', import.meta.url));

describe('--psad-folders', () => {
  it('writes one owner-only folder per list, each a copy of that PSAD\'s list only, and removes them when not asked', { timeout: 120_000 }, async () => {
    const out = await tempOutDir();
    const run = await runOn(demo, { maxQuarantineRate: 0.05, psadFolders: true }, out);
    expect(run.exitCode).toBe(0);
    const lists = (await readdir(join(out, 'non-retrouves'))).sort();
    const folders = (await readdir(join(out, 'par-psad'))).sort();
    expect(folders).toEqual(lists.map((f) => f.replace(/\.csv$/, '')));
    expect(folders).toHaveLength(30);
    expect((await stat(join(out, 'par-psad'))).mode & 0o777).toBe(0o700);
    for (const code of folders) {
      expect(await readdir(join(out, 'par-psad', code))).toEqual([`non-retrouves_${code}.csv`]);
      const file = join(out, 'par-psad', code, `non-retrouves_${code}.csv`);
      expect(await readFile(file, 'utf8')).toBe(await readFile(join(out, 'non-retrouves', `${code}.csv`), 'utf8'));
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(join(out, 'par-psad', code))).mode & 0o777).toBe(0o700);
    }
    expect(run.manifest.flags.psadFolders).toBe(true);

    const again = await runOn(demo, { maxQuarantineRate: 0.05 }, out);
    expect(again.exitCode).toBe(0);
    expect(existsSync(join(out, 'par-psad'))).toBe(false);
  });

  it('accepts true/false, 1/0, oui/non and refuses anything else', () => {
    const base = { input: 'in', out: 'out', asOf: '2025-01-15' };
    expect(normalizeConfig({ ...base, psadFolders: 'oui' }).psadFolders).toBe(true);
    expect(normalizeConfig({ ...base, psadFolders: '0' }).psadFolders).toBe(false);
    expect(normalizeConfig(base).psadFolders).toBe(false);
    expect(() => normalizeConfig({ ...base, psadFolders: 'peut-être' })).toThrow(ConfigError);
  });
});
