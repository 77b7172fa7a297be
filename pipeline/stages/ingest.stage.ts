import type { OpenDatabase } from '../db/database.js';
import { stat } from 'node:fs/promises';
import { startWalCheckpointer } from '../db/wal-checkpointer.js';
import { SourceError } from '../errors.js';
import type { RunContext } from '../run-context.js';
import { connectorFor } from '../../connectors/registry.js';
import { discoverInputs } from './discover-inputs.js';
import { ParseWorker } from './parse-worker.js';
import pLimit from 'p-limit';
import { commitFile, prepareFile, type FileIngestResult, type PreparedFile } from './ingest-file.js';

export interface IngestResult {
  files: FileIngestResult[];
  unrecognisedFiles: string[];
  missingOptionalSources: string[];
  /** Everything that makes a source unusable (exit 3), all of them, not only the first. */
  failures: SourceError[];
  totals: { rows: number; stored: number; quarantined: number; warnings: number };
}

/**
 * Stage 1: every extract of the input folder into the database. Each file is parsed in a worker
 * thread while the main thread, SQLite's single writer, inserts what it posts (ingest-file.ts): the
 * two run on two cores. Up to PARSE_AHEAD files are prepared and parsed at once, so that the next
 * file's inspection and first batches are ready when the writer is done with the current one; files
 * are still committed one at a time, in the order of discovery, each in its own transaction, so file
 * and line order in the database are those of a sequential run. A worker never runs more than a few
 * batches ahead of the writer, so parsing ahead does not grow memory.
 */
const PARSE_AHEAD = 2;
/**
 * Input from which the WAL is checkpointed in a thread of its own (wal-checkpointer.ts): the
 * Hauts-de-France scenario (157 MB) and above; for the small inputs of tests and demos a thread
 * started would cost more than it saves.
 */
const BACKGROUND_CHECKPOINTS_FROM_BYTES = 64 * 1024 * 1024;

export async function ingestStage(ctx: RunContext, store: OpenDatabase): Promise<IngestResult> {
  const { log, config } = ctx;
  const found = await discoverInputs(config.inputDir, config.sources);
  if (found.unrecognised.length) log.warn({ event: 'ingest.files_unrecognised', files: found.unrecognised }, 'files not recognised by any connector, ignored');
  for (const source of found.missingOptional) {
    const level = connectorFor(source).usuallyAbsent ? 'info' : 'warn';
    log[level]({ event: 'ingest.source_absent', source }, `optional source ${source} absent`);
  }

  const failures: SourceError[] = [...found.missingRequired];
  const files: FileIngestResult[] = [];
  // The WAL's checkpoints in a thread of their own while a large input is written (wal-checkpointer.ts).
  const inputBytes = (await Promise.all(found.files.map((f) => stat(f.path).then((s) => s.size, () => 0)))).reduce((a, b) => a + b, 0);
  const checkpointer =
    inputBytes >= BACKGROUND_CHECKPOINTS_FROM_BYTES
      ? startWalCheckpointer(store.sqlite, (e) => log.warn({ event: 'ingest.checkpointer_failed', error: e.message }, `checkpoints back on the writer: ${e.message}`))
      : undefined;
  const limit = pLimit(PARSE_AHEAD);
  // One slot per file, held from its preparation until its commit: a file is prepared only when one
  // of the PARSE_AHEAD slots is free.
  const turns = found.files.map((ref) => {
    const done = deferred<void>();
    const ready = deferred<PreparedFile>();
    void limit(async () => {
      try {
        ready.resolve(await prepareFile(ctx, store, ref));
      } catch (e) {
        ready.reject(e);
        return;
      }
      await done.promise;
    });
    ready.promise.catch(() => undefined); // awaited in order below, or abandoned when the run stops
    return { ready: ready.promise, done };
  });
  let committed = 0;
  let turnStartedAt = performance.now();
  try {
    for (const turn of turns) {
      const r = await commitFile(ctx, store, await turn.ready, turnStartedAt);
      committed++;
      turn.done.resolve();
      turnStartedAt = performance.now();
      files.push(r);
      if (r.error) {
        failures.push(r.error);
        log.error({ event: 'ingest.file_failed', source: r.source, file: r.file, code: r.error.code }, r.error.message);
        continue;
      }
      const rate = r.durationMs > 0 ? Math.round((r.rows / r.durationMs) * 1000) : 0;
      log.info(
        { event: 'ingest.file', source: r.source, file: r.file, encoding: r.encoding, rows: r.rows, stored: r.stored, quarantined: r.quarantined, warnings: r.warnings, reused: r.reused, rowsPerSecond: r.reused ? undefined : rate },
        `${r.file}: ${r.rows} rows, ${r.stored} stored, ${r.quarantined} quarantined${r.reused ? ' (unchanged, already ingested)' : ''}`,
      );
      if (r.rows === 0) log.warn({ event: 'ingest.header_only', source: r.source, file: r.file }, `${r.file}: header row only, no data`);
    }
  } finally {
    // An unexpected error: stop the files prepared ahead (their workers) and those not started.
    limit.clearQueue();
    for (const turn of turns.slice(committed)) {
      void turn.ready.then((p) => p.parser?.cancel(), () => undefined);
      turn.done.resolve();
    }
    // The parsing threads that wait for a next file: there is none (parse-worker.ts).
    await ParseWorker.closeIdle();
    await checkpointer?.stop();
  }

  // A required source whose files are all readable but hold no row cannot give a campaign either.
  const bySource = new Map<string, FileIngestResult[]>();
  for (const f of files) bySource.set(f.source, [...(bySource.get(f.source) ?? []), f]);
  for (const [source, list] of bySource) {
    const required = found.files.find((f) => f.connector.source === source)!.connector.requiredSource;
    if (required && list.every((f) => f.status === 'ok') && list.reduce((n, f) => n + f.stored, 0) === 0) {
      failures.push(
        new SourceError('SOURCE_NO_ROWS', `Required source ${source} has no usable row (${list.map((f) => f.file).join(', ')}): check the extract`, { source }),
      );
    }
  }

  const totals = files.reduce(
    (t, f) => ({ rows: t.rows + f.rows, stored: t.stored + f.stored, quarantined: t.quarantined + f.quarantined, warnings: t.warnings + f.warnings }),
    { rows: 0, stored: 0, quarantined: 0, warnings: 0 },
  );
  log.info({ event: 'ingest.done', files: files.length, ...totals, failures: failures.length }, 'ingestion done');
  return { files, unrecognisedFiles: found.unrecognised, missingOptionalSources: found.missingOptional, failures, totals };
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
