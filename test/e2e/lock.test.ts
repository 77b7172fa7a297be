import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeInputDir, tempOutDir } from '../helpers/input-dir.js';

/** Two runs never share a database; a lock left by a killed run is recovered and said so. */
describe('run lock', () => {
  const args = (input: string, out: string) => ['run', '--input', input, '--as-of', '2025-01-15', '--out', out, '--max-quarantine-rate', '1', '--log-format', 'json'];

  it('refuses to run while a live process holds the lock (exit 2), and leaves its lock alone', async () => {
    const out = await tempOutDir();
    await mkdir(out, { recursive: true });
    const lock = join(out, 'siei.db.lock');
    // This test process is alive: its pid stands for a run in progress.
    await writeFile(lock, JSON.stringify({ pid: process.pid, runId: 'R-other', startedAt: '2025-01-15T02:00:00Z' }));
    const r = runCli(args(await makeInputDir(), out));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`another run (pid ${process.pid}, run R-other`);
    expect(existsSync(lock)).toBe(true);
    expect(existsSync(join(out, 'run.json'))).toBe(false);
  });

  it('recovers a stale lock of a process that is gone, runs, and releases the lock', async () => {
    const out = await tempOutDir();
    const lock = join(out, 'siei.db.lock');
    await writeFile(lock, JSON.stringify({ pid: 2 ** 22 + 12345, runId: 'R-killed' }));
    const r = runCli(args(await makeInputDir(), out));
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('"event":"lock.stale_recovered"');
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(join(out, 'run.json'))).toBe(true);
  });
});
