import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/**
 * A fixed piece of work timed before and after a benchmark, so that its figures can be read against
 * the machine's speed at the time. Why: this 2-core machine is shared, and the same work does not
 * take the same time from one hour to the next. Measured on 2026-12-07: the national ingestion alone,
 * the same code on the same files, took 69.2 to 87.4 s (CPU 113.7 to 146.8 s) within an hour. A
 * change of a few percent is lost in that; a reference that slowed down with the benchmark says so.
 *
 * The work is the pipeline's kinds of work, one thread: reads at random in a large array (what the
 * matcher's candidate search and scoring wait on), strings hashed into a Map and dropped (what the
 * interning of values and the garbage collector do), and rows inserted into SQLite and read back in
 * another order (ingestion and the stages' reads). Each part is timed on its own. It runs in a fresh
 * process, as the pipeline does. Its times are printed as they are, not used to correct anything: run
 * six times in a row on an idle machine it took 6.22–6.59 s (2026-12-07, 13:45), so benchmarks whose
 * references differ by much more than that ran on a machine at different speeds.
 */
export interface MachineReference {
  /** Milliseconds of each part, and in all. */
  memoryMs: number;
  stringsMs: number;
  sqliteMs: number;
  totalMs: number;
}

/** What each part computed, kept so that no part's work is left unused (and optimised away). */
let sink = 0;

/** The reference's work, in this process: its times. Deterministic (no clock or randomness in what it does). */
export function runReferenceWork(): MachineReference {
  const time = (f: () => void): number => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  // Pointer chasing over 32 Mi entries (128 MB): each read depends on the one before, so the time is
  // the memory's latency, as for the matcher's random visits of its index and records.
  const memoryMs = time(() => {
    const n = 1 << 25;
    const next = new Int32Array(n);
    // One cycle through every entry, in an order that jumps around (an odd stride modulo a power of two).
    const stride = 40_503_331;
    for (let i = 0, at = 0; i < n; i++, at = (at + stride) & (n - 1)) next[at] = (at + stride) & (n - 1);
    let at = 0;
    for (let k = 0; k < 10_000_000; k++) at = next[at]!;
    sink ^= at;
  });
  // Half a million distinct strings made, hashed into a Map, looked up again, then dropped.
  const stringsMs = time(() => {
    const seen = new Map<string, number>();
    let found = 0;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 500_000; i++) {
        const s = `NOM${(i * 2_654_435_761) % 1_000_003}-${i % 977}`;
        const id = seen.get(s);
        if (id === undefined) seen.set(s, seen.size);
        else found += id & 1;
      }
    }
    sink ^= found + seen.size;
  });
  // SQLite, in memory: 200,000 rows of a few texts inserted with an index, then read back in the index's order.
  const sqliteMs = time(() => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t (ine TEXT NOT NULL, nom TEXT NOT NULL, naissance TEXT NOT NULL, n INTEGER NOT NULL)');
      db.exec('CREATE INDEX t_ine ON t (ine)');
      const insert = db.prepare('INSERT INTO t (ine, nom, naissance, n) VALUES (?, ?, ?, ?)');
      db.transaction(() => {
        for (let i = 0; i < 200_000; i++) {
          const k = (i * 2_654_435_761) % 4_294_967_291;
          insert.run(String(k).padStart(10, '0') + 'K', `NOM${k % 50_000}`, `20${String(k % 10).padStart(2, '0')}-0${(k % 9) + 1}-1${k % 10}`, i);
        }
      })();
      let sum = 0;
      for (const [n] of db.prepare('SELECT n FROM t ORDER BY ine').raw().iterate() as IterableIterator<[number]>) sum = (sum + n) % 1_000_003;
      sink ^= sum;
    } finally {
      db.close();
    }
  });
  return { memoryMs, stringsMs, sqliteMs, totalMs: memoryMs + stringsMs + sqliteMs };
}

/** The reference's work in a fresh process: its times. */
export function measureMachineReference(): Promise<MachineReference> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, '--child'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the machine reference's process failed (exit ${code})`));
      else resolve(JSON.parse(out) as MachineReference);
    });
  });
}

/** One line: the reference's time in all, then each part's. */
export function formatMachineReference(label: string, r: MachineReference): string {
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return `  ${label.padEnd(16)} ${s(r.totalMs)} s (memory ${s(r.memoryMs)} s, strings ${s(r.stringsMs)} s, SQLite ${s(r.sqliteMs)} s)`;
}

if (process.argv[2] === '--child') process.stdout.write(JSON.stringify(runReferenceWork()));
