import { open, readFile, rm } from 'node:fs/promises';
import { LockError } from './errors.js';
import type { Log } from './log.js';

/**
 * One run at a time per database: a lock file beside it, created exclusively (O_EXCL), holding the
 * owner's pid and start time. A lock whose process is gone (a run killed by kill -9 or a reboot) is
 * stale: it is taken over, and the log says so. Released when the run ends, whatever its outcome.
 */
export interface RunLock {
  release(): Promise<void>;
}

export async function acquireLock(path: string, runId: string, log: Log): Promise<RunLock> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o600);
      await fh.writeFile(JSON.stringify({ pid: process.pid, runId, startedAt: new Date().toISOString() }) + '\n');
      await fh.close();
      return { release: () => rm(path, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await readHolder(path);
    if (holder && isAlive(holder.pid)) {
      throw new LockError(
        `another run (pid ${holder.pid}, run ${holder.runId ?? '?'}, started ${holder.startedAt ?? '?'}) is using this database; lock file ${path}. ` +
          'Wait for it to end; if no such process exists, delete the lock file.',
      );
    }
    log.warn({ event: 'lock.stale_recovered', lock: path, pid: holder?.pid ?? null, runId: holder?.runId ?? null }, `stale lock of a run that is gone (pid ${holder?.pid ?? '?'}) recovered`);
    await rm(path, { force: true });
  }
  throw new LockError(`could not take the lock ${path}: another run took it at the same moment`);
}

async function readHolder(path: string): Promise<{ pid: number; runId?: string; startedAt?: string } | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown; runId?: string; startedAt?: string };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, runId: parsed.runId, startedAt: parsed.startedAt } : null;
  } catch {
    return null; // unreadable or half-written: treated as stale
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
