import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeConfig } from '../pipeline/config.js';
import { openDatabase } from '../pipeline/db/database.js';
import { silentLog } from '../pipeline/log.js';
import { createRunContext } from '../pipeline/run-context.js';
import { ingestStage } from '../pipeline/stages/ingest.stage.js';
import { makeSygneFile } from './make-sygne-file.js';
import { sampleThreadCpu } from './thread-cpu.js';

/**
 * Ingestion benchmark (issue 2): rows per second and peak memory (RSS) for one `sygne` file of
 * `--rows` rows (default 1,000,000), and the CPU time a row costs in each thread (the machine is
 * shared: rows per second depend on its load, CPU time per row much less). Run through
 * `npm run bench`; prints figures, asserts nothing.
 */
export interface IngestBenchResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  fileMb: number;
  /** CPU µs a row (user + system): whole process, main thread (SQLite writer), parsing worker; null without /proc. */
  cpuUsPerRow: { process: number; main: number; worker: number } | null;
  /** 1-minute load average when the ingestion ended. */
  load: number;
}

export async function benchIngestSygne(rows: number): Promise<IngestBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'siei-bench-'));
  try {
    const input = join(dir, 'input');
    await (await import('node:fs/promises')).mkdir(input);
    const file = join(input, 'sygne_bench.csv');
    await makeSygneFile(file, rows);
    const fileMb = (await stat(file)).size / 2 ** 20;
    const config = normalizeConfig({ input, asOf: '2025-01-15', out: join(dir, 'out'), sources: 'sygne', maxQuarantineRate: 1 });
    await (await import('node:fs/promises')).mkdir(config.outDir, { recursive: true });
    const store = await openDatabase(config.dbFile);
    const ctx = createRunContext(config, silentLog(), 'bench');
    await store.db.insertInto('run').values({ run_id: ctx.runId, started_at: ctx.startedAt.toISOString(), finished_at: null, as_of: config.asOf, status: 'running', exit_code: null, version: 'bench', config_json: '{}' }).execute();
    const cpu = sampleThreadCpu();
    const t0 = performance.now();
    const result = await ingestStage(ctx, store);
    const seconds = (performance.now() - t0) / 1000;
    const threads = cpu.stop();
    const load = loadavg()[0]!;
    await store.close();
    if (result.totals.stored !== rows) throw new Error(`expected ${rows} stored rows, got ${result.totals.stored} (${JSON.stringify(result.totals)})`);
    const perRow = (ms: number) => (ms * 1000) / rows;
    const cpuUsPerRow = threads && { process: perRow(threads.processMs), main: perRow(threads.mainMs), worker: perRow(threads.busiestOtherMs) };
    return { rows, seconds, rowsPerSecond: rows / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, fileMb, cpuUsPerRow, load };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
