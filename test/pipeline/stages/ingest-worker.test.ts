import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { makeSygneFile } from '../../../bench/make-sygne-file.js';
import { normalizeConfig } from '../../../pipeline/config.js';
import { openDatabase } from '../../../pipeline/db/database.js';
import { silentLog } from '../../../pipeline/log.js';
import { createRunContext } from '../../../pipeline/run-context.js';
import { ROWS_PER_BATCH } from '../../../pipeline/stages/ingest-file.js';
import { ingestStage } from '../../../pipeline/stages/ingest.stage.js';
import { ParseWorker } from '../../../pipeline/stages/parse-worker.js';
import { SYGNE_ROWS, makeInputDir, runOn, sygneCsv } from '../../helpers/input-dir.js';

/**
 * Ingestion parses each file in a worker thread and inserts on the main thread, by batches of
 * ROWS_PER_BATCH rows, with up to two files parsed ahead: the database must hold exactly what a
 * sequential, row-by-row reading gives — across batch boundaries and across files.
 */

async function sygneLines(rows: number): Promise<string[]> {
  const dir = await makeInputDir();
  const file = join(dir, 'generated.csv');
  await makeSygneFile(file, rows);
  const lines = (await readFile(file, 'utf8')).split('\n');
  lines.pop(); // the final newline
  return lines; // lines[0] is the header, lines[k] is file line k + 1
}

async function query<T>(dbFile: string, sql: string, ...params: unknown[]): Promise<T[]> {
  const store = await openDatabase(dbFile);
  try {
    return store.sqlite.prepare(sql).all(...params) as T[];
  } finally {
    await store.close();
  }
}

describe('batches: one file over several batches', () => {
  it('keeps line order, counts and messages across three batch boundaries, with duplicates across batches', async () => {
    // The line numbers below sit on the batches' boundaries, whatever their size.
    const B = ROWS_PER_BATCH;
    const n = 3 * B + 428;
    const lines = await sygneLines(n);
    const at = (fileLine: number) => lines[fileLine - 1]!;
    const set = (fileLine: number, text: string) => {
      lines[fileLine - 1] = text;
    };
    // Batch k holds data rows Bk+1 … B(k+1), i.e. file lines Bk+2 … Bk+B+1.
    set(B + 1, at(B + 1).split(';').slice(0, 10).join(';')); // too few fields, last row of batch 0: reported when the next line is read
    set(B + 2, at(2)); // first row of batch 1 duplicates a row of batch 0
    set(2 * B + 1, at(B + 6)); // last row of batch 1 duplicates a row of the same batch
    set(3 * B + 1, at(B + 6)); // last row of batch 2: duplicates line B + 6 (line 2B + 1, itself a duplicate, was not stored)
    set(3 * B + 2, at(3 * B + 2).replace(';ST;', ';XX;')); // first row of batch 3: invalid optional value, kept with a warning
    const text = lines.join('\n') + '\n' + at(2).slice(0, 40); // and a truncated last line (file line n + 2)

    const run = await runOn(await makeInputDir({ 'sygne_test.csv': text }));
    const sygne = run.manifest.inputs.find((i) => i.source === 'sygne')!;
    expect(sygne).toMatchObject({ rows: n + 1, stored: n - 4, quarantined: 5, warnings: 1 });
    expect(sygne.quarantinedByCode).toEqual({ ROW_DUPLICATE: 3, ROW_FIELD_COUNT: 1, ROW_TRUNCATED: 1 });

    const db = run.manifest.flags.db as string;
    const issues = await query<{ line: number; severity: string; code: string; message: string }>(
      db,
      `SELECT q.line, q.severity, q.code, q.message FROM quarantine q JOIN input_file f USING (input_file_id)
       WHERE f.source = 'sygne' ORDER BY q.quarantine_id`,
    );
    expect(issues).toEqual([
      { line: B + 1, severity: 'error', code: 'ROW_FIELD_COUNT', message: '10 fields instead of 19 (too few)' },
      { line: B + 2, severity: 'error', code: 'ROW_DUPLICATE', message: 'exact duplicate of line 2' },
      { line: 2 * B + 1, severity: 'error', code: 'ROW_DUPLICATE', message: `exact duplicate of line ${B + 6}` },
      { line: 3 * B + 1, severity: 'error', code: 'ROW_DUPLICATE', message: `exact duplicate of line ${B + 6}` },
      { line: 3 * B + 2, severity: 'warning', code: 'ROW_INVALID_ENUM', message: expect.stringContaining('the value was left empty') },
      { line: n + 2, severity: 'error', code: 'ROW_TRUNCATED', message: expect.stringContaining('the file looks truncated') },
    ]);

    const stored = await query<{ line: number }>(db, `SELECT line FROM enrolment ORDER BY rowid`);
    const quarantinedLines = new Set([B + 1, B + 2, 2 * B + 1, 3 * B + 1, n + 2]);
    const expected = Array.from({ length: n + 1 }, (_, i) => i + 2).filter((l) => !quarantinedLines.has(l));
    expect(stored.map((r) => r.line)).toEqual(expected);
    const [kept] = await query<{ statut: string | null; ine: string }>(db, `SELECT statut, ine FROM enrolment WHERE line = ${3 * B + 2}`);
    expect(kept).toEqual({ statut: null, ine: at(3 * B + 2).split(';')[0] });
  });
});

describe('several files: parsed ahead, committed one at a time in file order', () => {
  it('stores files and lines in the order of a sequential run; an identical file is linked, not read again', async () => {
    const lines = await sygneLines(4000);
    const header = lines[0]!;
    const part = (from: number, to: number) => [header, ...lines.slice(from, to)].join('\n') + '\n';
    const files = {
      'sygne_test.csv': null,
      'sygne_a.csv': part(1, 1500),
      'sygne_b.csv': part(1500, 3100),
      'sygne_c.csv': part(3100, 4001),
      'sygne_d.csv': part(1, 1500), // same bytes as sygne_a.csv
    };
    const run = await runOn(await makeInputDir(files));
    expect(run.exitCode).toBe(0);
    const inputs = run.manifest.inputs.filter((i) => i.source === 'sygne');
    expect(inputs.map((i) => [i.file, i.rows, i.stored, i.reused])).toEqual([
      ['sygne_a.csv', 1499, 1499, false],
      ['sygne_b.csv', 1600, 1600, false],
      ['sygne_c.csv', 901, 901, false],
      ['sygne_d.csv', 1499, 1499, true],
    ]);

    const db = run.manifest.flags.db as string;
    const ids = await query<{ input_file_id: number; file_name: string }>(db, `SELECT input_file_id, file_name FROM input_file ORDER BY input_file_id`);
    // Every file committed in discovery order (communes_psad, sygne a b c, imilo, deca), sygne_d reusing sygne_a.
    expect(ids.map((r) => r.file_name)).toEqual(['communes_psad.csv', 'sygne_a.csv', 'sygne_b.csv', 'sygne_c.csv', 'imilo_test.csv', 'deca_test.csv']);
    const rank = new Map(ids.map((r, i) => [r.input_file_id, i]));
    const stored = await query<{ input_file_id: number; line: number; ine: string }>(db, `SELECT input_file_id, line, ine FROM enrolment ORDER BY rowid`);
    expect(stored).toHaveLength(4000);
    const order = stored.map((r) => [rank.get(r.input_file_id), r.line]);
    expect(order).toEqual([...order].sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!));
    // The rows themselves, in order, are the generated rows.
    expect(stored.map((r) => r.ine)).toEqual(lines.slice(1).map((l) => l.split(';')[0]));
  });

  it('a file that fails in its worker is rolled back and leaves the files around it intact', async () => {
    const run = await runOn(
      await makeInputDir({
        'sygne_a.csv': sygneCsv([SYGNE_ROWS[0]!]),
        'sygne_b.csv': sygneCsv([SYGNE_ROWS[1]!]).replace('NOM_FAMILLE;', 'NOM;'),
        'sygne_c.csv': '\n\n\n',
        'sygne_d.csv': sygneCsv([SYGNE_ROWS[2]!]),
        'sygne_test.csv': null,
      }),
    );
    expect(run.exitCode).toBe(3);
    expect(run.errors.map((e) => [e.code, e.message])).toEqual([
      ['COLUMN_MISSING', expect.stringContaining('sygne_b.csv, line 1: missing required column NOM_FAMILLE')],
      ['FILE_EMPTY', 'sygne_c.csv: the file holds no header row (only blank lines); expected a header row and data rows'],
    ]);
    const failed = run.errors[0]!;
    expect(failed.location).toEqual({ source: 'sygne', file: 'sygne_b.csv', line: 1, field: 'NOM_FAMILLE' });
    const db = run.manifest.flags.db as string;
    expect(await query(db, `SELECT file_name, status FROM input_file WHERE source = 'sygne' ORDER BY input_file_id`)).toEqual([
      { file_name: 'sygne_a.csv', status: 'complete' },
      { file_name: 'sygne_d.csv', status: 'complete' },
    ]);
    expect(await query(db, `SELECT line, ine FROM enrolment ORDER BY rowid`)).toEqual([
      { line: 2, ine: '0494004062M' },
      { line: 2, ine: '0756036001M' },
    ]);
  });
});

describe('large files: the worker starts while the file is inspected', () => {
  async function ingestOnce(input: string, dbFile: string, runId: string) {
    const config = normalizeConfig({ input, asOf: '2025-01-15', out: join(input, 'out'), db: dbFile, sources: 'sygne', maxQuarantineRate: 1 });
    const store = await openDatabase(config.dbFile);
    try {
      const ctx = { ...createRunContext(config, silentLog(), 'test'), runId };
      await store.db.insertInto('run').values({ run_id: runId, started_at: ctx.startedAt.toISOString(), finished_at: null, as_of: config.asOf, status: 'running', exit_code: null, version: 'test', config_json: '{}' }).execute();
      return await ingestStage(ctx, store);
    } finally {
      await store.close();
    }
  }

  it('parses file after file in the same threads, and stops them when the stage ends', async () => {
    const lines = await sygneLines(1000);
    const part = (from: number, to: number) => [lines[0], ...lines.slice(from, to)].join('\n') + '\n';
    const files: Record<string, string | null> = { 'sygne_test.csv': null, 'imilo_test.csv': null, 'deca_test.csv': null, 'communes_psad.csv': null };
    for (let k = 0; k < 6; k++) files[`sygne_${k}.csv`] = part(1 + 150 * k, 1 + 150 * (k + 1));
    const input = await makeInputDir(files);
    const before = ParseWorker.started;
    const result = await ingestOnce(input, join(input, 'siei.db'), 'run-1');
    expect(result.files.map((f) => [f.file, f.stored])).toEqual(Array.from({ length: 6 }, (_, k) => [`sygne_${k}.csv`, 150]));
    // At most PARSE_AHEAD (2) files are parsed at once: six files, two threads.
    expect(ParseWorker.started - before).toBeLessThanOrEqual(2);
    expect(ParseWorker.live).toBe(0);
  }, 60_000);

  it('parses a file above the early-start size, then stops the early worker of an unchanged or unusable one', async () => {
    const input = await makeInputDir({ 'sygne_test.csv': null, 'imilo_test.csv': null, 'deca_test.csv': null, 'communes_psad.csv': null });
    await makeSygneFile(join(input, 'sygne_big.csv'), 45_000); // ~4.7 MB, above EARLY_WORKER_BYTES (4 MiB)
    const dbFile = join(input, 'siei.db');
    const first = await ingestOnce(input, dbFile, 'run-1');
    expect(first.files.map((f) => [f.file, f.rows, f.stored, f.reused])).toEqual([['sygne_big.csv', 45_000, 45_000, false]]);

    // Unchanged: reused, its early worker stopped; a large binary file: failed, its early worker stopped.
    await writeFile(join(input, 'sygne_bin.csv'), Buffer.alloc(5 * 2 ** 20));
    const second = await ingestOnce(input, dbFile, 'run-2');
    expect(second.files.map((f) => [f.file, f.reused, f.error?.code])).toEqual([
      ['sygne_big.csv', true, undefined],
      ['sygne_bin.csv', false, 'FILE_BINARY'],
    ]);
    await vi.waitFor(() => expect(ParseWorker.live).toBe(0));
  }, 60_000);
});
