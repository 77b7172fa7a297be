import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeInputDir, tempOutDir } from '../helpers/input-dir.js';

/** `--dry-run` reads, checks and computes everything, prints the summary, and writes nothing. */
const demo = fileURLToPath(new URL('../../fixtures/scenarios/demo/input', import.meta.url));
const run = (input: string, out: string, ...flags: string[]) =>
  runCli(['run', '--input', input, '--as-of', '2025-01-15', '--out', out, '--log-format', 'json', ...flags]);

/** Every entry under `dir` with its kind, mode, size and content hash; null when `dir` is absent. */
async function snapshot(dir: string): Promise<Record<string, string> | null> {
  if (!existsSync(dir)) return null;
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      const path = join(dir, rel, name);
      const s = await stat(path);
      if (s.isDirectory()) {
        out[join(rel, name) + '/'] = `dir ${(s.mode & 0o777).toString(8)}`;
        await walk(join(rel, name));
      } else {
        out[join(rel, name)] = `${(s.mode & 0o777).toString(8)} ${s.size} ${createHash('sha256').update(await readFile(path)).digest('hex')}`;
      }
    }
  };
  await walk('');
  return out;
}

const dryRunFolders = async () => (await readdir(tmpdir())).filter((n) => n.startsWith('siei-dry-run-'));

// Each case runs the demo several times (about 7 s a run on an idle machine, more under the full suite).
const SLOW = { timeout: 240_000 };

describe('--dry-run', () => {
  it('on the demo with no --out yet: prints the counts, exits 0, and leaves --out absent', SLOW, async () => {
    const before = await dryRunFolders();
    const out = join(await tempOutDir(), 'not-yet');
    const r = run(demo, out, '--dry-run');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(false);
    expect(r.stdout).toContain(`Dry run for 2025-01-15: nothing was written (reports would go to ${out}, database ${join(out, 'siei.db')}).`);
    expect(r.stdout).toContain('Inputs: 7 files, 8475 rows: 8436 stored, 39 quarantined, 0 warnings.');
    expect(r.stdout).toContain('OF identified: 339, compliant 287, exempted 0, compliance rate 84.66%.');
    expect(r.stdout).toContain('DS identified: 530. Persons in DS or OF: 579.');
    expect(r.stdout).toContain('Found: scolarisé 0, apprentissage 202, accompagné ML 213; solution recorded in follow-up 0.');
    expect(r.stdout).toContain('Non retrouvés: 164 in the region; 30 lists:');
    expect(r.stdout).toMatch(/^ {2}PSAD5905 +18 {2}PSAD de Lille$/m);
    // The temporary copy is gone.
    expect(await dryRunFolders()).toEqual(before);
  });

  describe('beside a real run', () => {
    let out: string;
    let before: Record<string, string> | null;
    beforeAll(async () => {
      out = await tempOutDir();
      expect(run(demo, out).status).toBe(0);
      before = await snapshot(out);
      expect(Object.keys(before!)).toContain('siei.db');
    }, SLOW.timeout);

    it('changes no byte of --out, the database included, and gives the exit code of a real run', SLOW, async () => {
      const other = run(demo, out, '--dry-run', '--as-of', '2025-02-15', '--psad', 'PSAD5901');
      expect(other.status, other.stderr).toBe(0);
      expect(other.stdout).toContain('Dry run for 2025-02-15');
      expect(other.stdout).toContain('lists of PSAD5901 only');
      expect(await snapshot(out)).toEqual(before);

      const overRate = run(demo, out, '--dry-run', '--max-quarantine-rate', '0.001');
      expect(overRate.status).toBe(4);
      expect(overRate.stdout).toContain('Exit code 4: the run would have failed.');
      expect(overRate.stderr).toContain('error QUARANTINE_RATE');
      expect(await snapshot(out)).toEqual(before);

      const unknownPsad = run(demo, out, '--dry-run', '--psad', 'PSAD9999');
      expect(unknownPsad.status).toBe(2);
      expect(await snapshot(out)).toEqual(before);

      expect(run(demo, out, '--max-quarantine-rate', '0.001').status).toBe(4);
    });
  });

  it('is kept out by a live run holding the lock (exit 2), like a real run', async () => {
    const fresh = await tempOutDir();
    const lock = join(fresh, 'siei.db.lock');
    await writeFile(lock, JSON.stringify({ pid: process.pid, runId: 'R-live' }));
    const held = await snapshot(fresh);
    const r = run(demo, fresh, '--dry-run');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`another run (pid ${process.pid}, run R-live`);
    expect(await snapshot(fresh)).toEqual(held);
  });

  it('exits 3 like a real run when a required source is missing, and writes nothing', async () => {
    const input = await makeInputDir({ 'deca_test.csv': null });
    const out = join(await tempOutDir(), 'out');
    const dry = run(input, out, '--dry-run');
    expect(dry.status).toBe(3);
    expect(dry.stdout).toContain('No campaign computed (an input source is unusable).');
    expect(existsSync(out)).toBe(false);
    expect(run(input, out).status).toBe(3);
  });
});
