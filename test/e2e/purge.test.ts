import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { demoWithQuestions, makeInputDir, readQuarantine, runOn, tempOutDir } from '../helpers/input-dir.js';

/**
 * `siei purge` on a database of three runs: the small test extracts on 2023-01-15 (their own files),
 * then the demo with two records for review (demoWithQuestions) on 2024-09-15 and on 2025-01-15 (the
 * second run reuses the first's files). Purged on
 * 2025-06-01 with runs kept 6 months, inputs 12, quarantine 3, I-Milo until 26.
 */
const SLOW = { timeout: 240_000 };

const table = (stdout: string) =>
  Object.fromEntries(
    stdout
      .split('\n')
      .map((l) => /^([a-z_]+) +(\d+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], Number(m[2])]),
  );
const hash = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('siei purge', () => {
  let dir: string;
  let db: string;
  let config: string;
  let demo: string;
  const runs: { asOf: string; population: number; runId: string }[] = [];

  beforeAll(async () => {
    dir = await tempOutDir();
    db = join(dir, 'siei.db');
    config = join(dir, 'siei.json');
    await writeFile(config, JSON.stringify({ db, retention: { runsMonths: 6, inputsMonths: 12, quarantineMonths: 3 } }));
    demo = await demoWithQuestions();
    for (const [input, asOf] of [[await makeInputDir(), '2023-01-15'], [demo, '2024-09-15'], [demo, '2025-01-15']] as const) {
      const r = await runOn(input, { db, asOf, twoDigitYearPivot: 2035, maxQuarantineRate: 1 }, join(dir, asOf));
      expect(r.exitCode).toBe(0);
      const figures = JSON.parse(await readFile(join(dir, asOf, 'key-figures.json'), 'utf8'));
      runs.push({ asOf, population: figures.population.total, runId: r.runId });
    }
  }, SLOW.timeout);

  const expected = {
    campaign_person: 418, // the 2023 run's population (0: all under 16) and the 2024-09-15 run's (418)
    campaign_review: 2, // the 2024-09-15 run's review band: the two records demoWithQuestions adds (see the count kept below)
    run_campaign_result: 0, // those two runs' campaigns: dropped when a later run succeeded (only the latest can be reused)
    run_input: 11, // the links of those two runs: 4 small files + 7 demo files
    enrolment: 3, // the small sygne file, used only in 2023
    imilo_pathway: 1 + 4, // the small imilo file, and 4 demo records of people born on or before 1999-06-01
    deca_contract_version: 1,
    commune_psad: 3,
    suivi_situation: 0,
    quarantine: 39, // the demo files' quarantine: last used 2025-01-15, before 2025-03-01
    input_file: 4,
    person_ine: 3, // the three pupils of the 2023 file, with no school record and no result left
    person: 3,
  };

  it('builds the database the test assumes', () => {
    expect(runs.map((r) => [r.asOf, r.population])).toEqual([
      ['2023-01-15', 0],
      ['2024-09-15', 418],
      ['2025-01-15', 579],
    ]);
  });

  it('--dry-run counts what a purge would delete and changes no byte of the database', SLOW, async () => {
    const before = await hash(db);
    const r = runCli(['purge', '--config', config, '--as-of', '2025-06-01', '--dry-run', '--log-format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Purge of ${db} as of 2025-06-01 — dry run: nothing deleted`);
    expect(table(r.stdout)).toEqual(expected);
    expect(await hash(db)).toBe(before);
    expect((await readdir(dir)).filter((n) => n.startsWith('siei.db'))).toEqual(['siei.db']);
  });

  it('refuses to run while a live process holds the lock (exit 2)', async () => {
    const lock = `${db}.lock`;
    await writeFile(lock, JSON.stringify({ pid: process.pid, runId: 'R-live' }));
    const r = runCli(['purge', '--db', db, '--as-of', '2025-06-01']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('another run');
    await import('node:fs/promises').then((fs) => fs.rm(lock));
  });

  it('deletes exactly those rows, keeps the runs and their key figures, and a later run still works', SLOW, async () => {
    const r = runCli(['purge', '--config', config, '--as-of', '2025-06-01', '--log-format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('runs older than 6 months: campaign dates before 2024-12-01');
    expect(r.stdout).toContain('I-Milo records of people aged 26 or more: born on or before 1999-06-01');
    expect(table(r.stdout)).toEqual(expected);
    expect(r.stderr).toContain('"event":"purge.done"');
    expect(existsSync(`${db}.lock`)).toBe(false);

    const sqlite = new Database(db, { readonly: true });
    const count = (sql: string, ...p: unknown[]) => (sqlite.prepare(sql).pluck().get(...p) as number);
    expect(count('SELECT COUNT(*) FROM run')).toBe(3);
    expect(count('SELECT COUNT(*) FROM run_key_figures')).toBe(3);
    expect(count('SELECT COUNT(*) FROM campaign_person WHERE run_id = ?', runs[2]!.runId)).toBe(579);
    expect(count('SELECT COUNT(*) FROM campaign_person')).toBe(579);
    const kept = JSON.parse(await readFile(join(dir, '2025-01-15', 'key-figures.json'), 'utf8')).matching;
    expect(count('SELECT COUNT(*) FROM campaign_review')).toBe(kept.reviewDeca + kept.reviewImilo);
    expect(count('SELECT COUNT(*) FROM campaign_review WHERE run_id = ?', runs[2]!.runId)).toBe(kept.reviewDeca + kept.reviewImilo);
    expect(count('SELECT COUNT(*) FROM quarantine')).toBe(0);
    expect(count("SELECT COUNT(*) FROM input_file WHERE status = 'quarantine_purged'")).toBe(6);
    expect(count("SELECT COUNT(*) FROM imilo_pathway WHERE date_naissance <= '1999-06-01'")).toBe(0);
    expect(count('SELECT COUNT(*) FROM person')).toBe(2753);
    // Each enrolment's person, derived, goes too: the next resolve writes it again.
    expect(count('SELECT COUNT(*) FROM enrolment_person')).toBe(0);
    expect(count('SELECT COUNT(*) FROM enrolment_person_run')).toBe(0);
    sqlite.close();

    // The demo again: the files whose quarantine was purged are read again, so the outputs are whole.
    const again = await runOn(demo, { db, asOf: '2025-01-15', twoDigitYearPivot: 2035, maxQuarantineRate: 1 }, join(dir, 'again'));
    expect(again.exitCode).toBe(0);
    expect(again.manifest.inputs.filter((i) => i.reused).map((i) => i.source)).toEqual(['communes_psad']);
    expect(await readQuarantine(join(dir, 'again'))).toHaveLength(39);
    const figures = JSON.parse(await readFile(join(dir, 'again', 'key-figures.json'), 'utf8'));
    expect(figures).toMatchObject({ of: { identified: 339 }, nonRetrouves: { total: 164 } });
  });

  it('refuses a database that does not exist rather than create one (exit 2)', () => {
    const r = runCli(['purge', '--db', join(dir, 'nope.db')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Invalid option `--db`: ');
    expect(existsSync(join(dir, 'nope.db'))).toBe(false);
  });
});
