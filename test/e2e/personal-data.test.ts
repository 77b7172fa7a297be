import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempOutDir } from '../helpers/input-dir.js';

/**
 * Issue 6, point 5 (and DOMAIN.md's legal frame): the files that hold people are owner-only, and no
 * log line names anyone. The demo is run through the CLI as cron would, with the most talkative logs
 * (debug, in both formats), and every surname, first name, birth date, INE and NUMERO_SIEI of its lists
 * and review file is looked for in what it printed.
 */
const demo = fileURLToPath(new URL('../../fixtures/scenarios/demo/input', import.meta.url));
const PERSONAL_FILES = ['review.csv', 'quarantine.csv', 'avertissements.csv', 'siei.db'];

async function readRows(file: string): Promise<Record<string, string>[]> {
  return parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Record<string, string>[];
}

describe('personal data', () => {
  it.each(['json', 'text'])('owner-only files, and no name, birth date or identifier in the %s logs at debug level', { timeout: 120_000 }, async (format) => {
    const out = await tempOutDir();
    const r = runCli(['run', '--input', demo, '--as-of', '2025-01-15', '--out', out, '--log-format', format, '--log-level', 'debug']);
    expect(r.status).toBe(0);

    const lists = (await readdir(join(out, 'non-retrouves'))).map((f) => join(out, 'non-retrouves', f));
    expect(lists.length).toBe(30);
    expect((await stat(join(out, 'non-retrouves'))).mode & 0o777).toBe(0o700);
    for (const f of [...lists, ...PERSONAL_FILES.map((f) => join(out, f))]) expect({ f, mode: (await stat(f)).mode & 0o777 }).toEqual({ f, mode: 0o600 });

    const needles = new Set<string>();
    for (const f of [...lists, join(out, 'review.csv')]) {
      for (const row of await readRows(f)) {
        for (const col of ['NOM', 'PRENOM', 'NOM_ENREGISTREMENT', 'INE', 'NUMERO_SIEI', 'DATE_NAISSANCE', 'DATE_NAISSANCE_ENREGISTREMENT']) {
          const v = row[col];
          // Short names (LE, NY…) would be found inside ordinary words: four characters and up.
          if (v && v.length >= 4 && !v.startsWith('<')) needles.add(v);
        }
      }
    }
    expect(needles.size).toBeGreaterThan(300);
    const logs = r.stdout + r.stderr;
    expect(logs.length).toBeGreaterThan(1000);
    const found = [...needles].filter((n) => logs.includes(n));
    expect(found).toEqual([]);
  });
});
