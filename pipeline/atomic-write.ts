import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { once } from 'node:events';

/**
 * Outputs are written to a temporary file beside the target, flushed to disk, then renamed over it:
 * a reader (a dashboard, a PSAD download) sees the old file or the new one, never half of one.
 * Files that hold people are created owner-only (0600) from the start, not chmod-ed afterwards.
 */

export const MODE_PERSONAL = 0o600;
export const MODE_PUBLIC = 0o644;

function tempPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
}

export async function writeFileAtomic(target: string, data: string | Buffer, mode = MODE_PUBLIC): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPath(target);
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, target);
}

export interface AtomicStream {
  /** Writes a chunk, waiting when the stream's buffer is full (backpressure). */
  write(chunk: string): Promise<void>;
  /** Flushes, syncs and renames into place. */
  commit(): Promise<void>;
  /** Removes the temporary file; the previous target, if any, is untouched. */
  abort(): Promise<void>;
}

export async function createAtomicStream(target: string, mode = MODE_PUBLIC): Promise<AtomicStream> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPath(target);
  const out = createWriteStream(tmp, { mode, highWaterMark: 256 * 1024 });
  await once(out, 'open');
  return {
    async write(chunk) {
      if (!out.write(chunk)) await once(out, 'drain');
    },
    async commit() {
      out.end();
      await once(out, 'close');
      // The stream closed its descriptor; flush the file's data to disk before it replaces the target.
      const fh = await open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, target);
    },
    async abort() {
      out.destroy();
      await rm(tmp, { force: true });
    },
  };
}

/**
 * Puts the folder `staging` in the place of `final`: the old folder goes aside, the new one takes its
 * name, the old one is removed. A reader sees the old folder or the new one, never a mix of two runs.
 */
export async function swapDirectory(staging: string, final: string): Promise<void> {
  const old = join(dirname(final), `.${basename(final)}.${process.pid}.old`);
  await rm(old, { recursive: true, force: true });
  await rename(final, old).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
  await rename(staging, final);
  await rm(old, { recursive: true, force: true });
}
