import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The whole pipeline on a generated scenario (issue 7, point 7): a fresh run on an empty database,
 * then an unchanged rerun on the same database (every file reused). Prints wall time, the stages'
 * times from run.json, the matching's candidate pairs per second (from its log event) and the peak
 * RSS and CPU time of the pipeline's process, read from /proc (VmHWM, stat) while it runs, since Node
 * cannot read a child's resource usage. Scenarios are generated once into
 * `<cache>/<scenario>` and reused by later benchmarks.
 */
export interface PipelineBenchResult {
  scenario: string;
  inputRows: number;
  fresh: RunMeasure;
  rerun: RunMeasure;
}

export interface RunMeasure {
  exitCode: number | null;
  seconds: number;
  /** User + system CPU time of the process (all its threads), from /proc. */
  cpuSeconds: number | null;
  peakRssMb: number | null;
  stages: { stage: string; durationMs: number }[];
  /** The campaign's matching (from its `match.done` log event), absent when the campaign was reused. */
  matching: { records: number; persons: number; candidatePairs: number; durationMs: number } | null;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(root, 'dist/pipeline/cli.js');
const GENERATOR = join(root, 'dist/fixtures/generator/cli.js');

export async function benchPipeline(scenario: string, cache: string, log: (line: string) => void): Promise<PipelineBenchResult> {
  const dir = join(cache, scenario);
  if (!existsSync(join(dir, 'scenario.json'))) {
    log(`  generating ${scenario} into ${dir}…`);
    const gen = await measure([GENERATOR, '--scenario', scenario, '--out', dir]);
    if (gen.exitCode !== 0) throw new Error(`generator failed for ${scenario} (exit ${gen.exitCode})`);
    log(`  generated in ${gen.seconds.toFixed(0)} s, peak RSS ${gen.peakRssMb?.toFixed(0) ?? '?'} MB`);
  }
  const meta = JSON.parse(await readFile(join(dir, 'scenario.json'), 'utf8')) as { asOf: string; inputRows?: number; rows?: Record<string, number> };
  const out = await mkdtemp(join(tmpdir(), `siei-bench-${scenario}-`));
  try {
    // Logs as JSON: the matching's figures are read from its `match.done` event.
    const args = [CLI, 'run', '--input', join(dir, 'input'), '--as-of', meta.asOf, '--out', out, '--log-format', 'json', '--log-level', 'info'];
    log(`  fresh run…`);
    const fresh = await measure(args, join(out, 'run.json'));
    log(`  unchanged rerun…`);
    const rerun = await measure(args, join(out, 'run.json'));
    const manifest = JSON.parse(await readFile(join(out, 'run.json'), 'utf8')) as { counts: { rows: number } };
    return { scenario, inputRows: manifest.counts.rows, fresh, rerun };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Runs `node <args>`, polling the child's peak RSS and CPU time; reads the stages from `manifest` when given. */
async function measure(args: string[], manifest?: string): Promise<RunMeasure> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let peakKb: number | null = null;
  let cpuTicks: number | null = null;
  const poll = setInterval(() => {
    readFile(`/proc/${child.pid}/status`, 'utf8')
      .then((s) => {
        const m = /VmHWM:\s+(\d+) kB/.exec(s);
        if (m) peakKb = Math.max(peakKb ?? 0, Number(m[1]));
      })
      .catch(() => undefined);
    // Fields 14 and 15 (utime, stime) after the command name, which is in parentheses.
    readFile(`/proc/${child.pid}/stat`, 'utf8')
      .then((s) => {
        const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
        cpuTicks = Math.max(cpuTicks ?? 0, Number(f[11]) + Number(f[12]));
      })
      .catch(() => undefined);
  }, 100);
  let matching: RunMeasure['matching'] = null;
  let pending = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      let event: { level?: number; event?: string; records?: number; persons?: number; candidatePairs?: number; durationMs?: number; msg?: string };
      try {
        event = JSON.parse(line) as typeof event;
      } catch {
        process.stderr.write(line + '\n');
        continue;
      }
      if (event.event === 'match.done') matching = { records: event.records!, persons: event.persons!, candidatePairs: event.candidatePairs!, durationMs: event.durationMs! };
      // Warnings and errors still reach the terminal, as with --log-level warn.
      else if ((event.level ?? 0) >= 40) process.stderr.write(`${event.msg ?? line}\n`);
    }
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearInterval(poll);
  const seconds = (performance.now() - t0) / 1000;
  let stages: RunMeasure['stages'] = [];
  if (manifest && existsSync(manifest)) stages = (JSON.parse(await readFile(manifest, 'utf8')) as { stages: RunMeasure['stages'] }).stages;
  // Clock ticks are 1/100 s on Linux (USER_HZ).
  return { exitCode, seconds, cpuSeconds: cpuTicks === null ? null : cpuTicks / 100, peakRssMb: peakKb === null ? null : peakKb / 1024, stages, matching };
}

export function formatPipelineBench(r: PipelineBenchResult): string {
  const line = (name: string, m: RunMeasure) =>
    `  ${name.padEnd(16)} exit ${m.exitCode}  ${m.seconds.toFixed(1).padStart(7)} s (CPU ${m.cpuSeconds === null ? '?' : m.cpuSeconds.toFixed(0)} s)  ` +
    `peak RSS ${m.peakRssMb === null ? '?' : m.peakRssMb.toFixed(0).padStart(5)} MB  ` +
    m.stages.map((s) => `${s.stage} ${(s.durationMs / 1000).toFixed(1)} s`).join(', ');
  const matching = (m: RunMeasure['matching']) =>
    m &&
    `  matching         ${m.records.toLocaleString('en')} records × ${m.persons.toLocaleString('en')} persons: ${m.candidatePairs.toLocaleString('en')} candidate pairs ` +
      `in ${(m.durationMs / 1000).toFixed(1)} s = ${Math.round(m.candidatePairs / Math.max(m.durationMs / 1000, 1e-3)).toLocaleString('en')} pairs/s`;
  return [`pipeline ${r.scenario}: ${r.inputRows.toLocaleString('en')} input rows`, line('fresh run', r.fresh), matching(r.fresh.matching), line('unchanged rerun', r.rerun)]
    .filter((l): l is string => !!l)
    .join('\n');
}
