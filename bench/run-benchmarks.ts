import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchIngestSygne, type IngestBenchResult } from './ingest-sygne.bench.js';
import { benchPipeline, formatPipelineBench } from './pipeline.bench.js';

/**
 * `npm run bench [-- --only ingest|regional|national] [-- --rows N] [-- --cache DIR]`: the ingestion
 * of a 1M-row sygne file, then the whole pipeline on the regional scenario (hdf-2025-01, 1.5M rows)
 * and the national one (12M rows), each generated once into the cache folder. Each benchmark runs in
 * its own process so that its peak RSS is its own. Prints figures; timing never decides a test.
 */
const USAGE = `Usage: npm run bench [-- --only ingest|regional|national] [-- --rows N] [-- --cache DIR]
  --only   one benchmark (default: all three, the national one takes about an hour)
  --rows   rows of the generated sygne file for the ingestion benchmark (default 1000000)
  --cache  folder of the generated scenarios (default: $TMPDIR/siei-bench-scenarios)`;
let values: { only?: string; rows?: string; cache?: string; child?: string; help?: boolean };
try {
  // Strict: a mistyped flag must not start the hour-long national benchmark.
  ({ values } = parseArgs({
    options: { only: { type: 'string' }, rows: { type: 'string' }, cache: { type: 'string' }, child: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (values.only !== undefined && !['ingest', 'regional', 'national'].includes(values.only)) {
  process.stderr.write(`--only must be ingest, regional or national, not "${values.only}"\n${USAGE}\n`);
  process.exit(2);
}
if (values.rows !== undefined && !(Number.isInteger(Number(values.rows)) && Number(values.rows) > 0)) {
  process.stderr.write(`--rows must be a positive whole number, not "${values.rows}"\n`);
  process.exit(2);
}
const flag = (name: string): string | undefined => values[name.slice(2) as 'only' | 'rows' | 'cache' | 'child'];

if (flag('--child') === 'ingest') {
  const r = await benchIngestSygne(Number(flag('--rows') ?? 1_000_000));
  process.stdout.write(JSON.stringify(r) + '\n');
} else {
  const only = flag('--only');
  if (!only || only === 'ingest') ingest();
  const cache = flag('--cache') ?? join(tmpdir(), 'siei-bench-scenarios');
  for (const [name, scenario] of [['regional', 'hdf-2025-01'], ['national', 'national']] as const) {
    if (only && only !== name) continue;
    process.stdout.write(`pipeline ${scenario}…\n`);
    const r = await benchPipeline(scenario, cache, (line) => process.stdout.write(line + '\n'));
    process.stdout.write(formatPipelineBench(r) + '\n');
  }
}

function ingest(): void {
  const rows = flag('--rows') ?? '1000000';
  const self = fileURLToPath(import.meta.url);
  process.stdout.write(`ingest sygne: ${Number(rows).toLocaleString('en')} rows…\n`);
  const child = spawnSync(process.execPath, [self, '--child', 'ingest', '--rows', rows], { encoding: 'utf8' });
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    process.exit(1);
  }
  const r = JSON.parse(child.stdout) as IngestBenchResult;
  const cpu = r.cpuUsPerRow;
  process.stdout.write(
    `ingest sygne: ${r.rows.toLocaleString('en')} rows (${r.fileMb.toFixed(0)} MB) in ${r.seconds.toFixed(2)} s = ` +
      `${Math.round(r.rowsPerSecond).toLocaleString('en')} rows/s, peak RSS ${r.peakRssMb.toFixed(0)} MB, load ${r.load.toFixed(1)}\n` +
      (cpu
        ? `  CPU µs a row: ${cpu.process.toFixed(2)} in all (main thread ${cpu.main.toFixed(2)}, parsing worker ${cpu.worker.toFixed(2)}, ` +
          `other threads ${(cpu.process - cpu.main - cpu.worker).toFixed(2)})\n`
        : ''),
  );
}
