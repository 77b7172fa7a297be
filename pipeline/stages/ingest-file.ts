import { stat } from 'node:fs/promises';
import { detectFileSeparator } from '../../connectors/csv/csv-reader.js';
import { inspectFile, type FileInspection } from '../../connectors/csv/inspect-file.js';
import type { OpenDatabase } from '../db/database.js';
import { findReusableInputFile, ingestedLookalike, quarantineCountsByCode } from '../db/repositories/input-file.repository.js';
import { SourceError, type SourceErrorCode } from '../errors.js';
import type { ProgressTask } from '../progress/progress.js';
import type { RunContext } from '../run-context.js';
import type { InputFileRef } from './discover-inputs.js';
import type { HeaderReport, SerializedError } from './ingest-protocol.js';
import { ParseWorker } from './parse-worker.js';

export type { HeaderReport } from './ingest-protocol.js';

/**
 * Reads one extract into the database. Every data row ends up either stored, with its lineage
 * (source, file, line, run), or quarantined with a code and a message; counts say so and are
 * checked (rows = stored + quarantined) before the file's transaction commits.
 *
 * One transaction per file: a run killed in the middle of a file leaves no partial file behind, and
 * the next run reads it again. A file already read with the same content and settings is not read
 * again: the run links to the stored rows.
 *
 * Two halves, so that parsing and inserting run on two cores: `prepareFile` inspects the bytes and
 * starts the file's parsing worker (parse-file.ts in ingest-worker.ts: decoding, csv-parse, header,
 * field checks, `finish`, duplicates); `commitFile`, called for one file at a time in file order,
 * is the single SQLite writer: it inserts the batches the worker posts, in line order, in the
 * file's transaction. A file may be prepared while the one before it is being committed.
 */

export interface FileIngestResult {
  source: string;
  file: string;
  path: string;
  inputFileId: number | null;
  status: 'ok' | 'failed';
  reused: boolean;
  sha256: string | null;
  sizeBytes: number;
  encoding: string | null;
  separator: string | null;
  rows: number;
  stored: number;
  quarantined: number;
  warnings: number;
  quarantinedByCode: Record<string, number>;
  header: HeaderReport | null;
  durationMs: number;
  error?: SourceError;
}

/** A file ready for its turn at the writer: failed early, or inspected with its worker parsing ahead. */
export interface PreparedFile {
  ref: InputFileRef;
  startedAt: number;
  base: FileIngestResult;
  /** Set when the file cannot be read at all (empty, binary, unreadable): nothing to commit. */
  failure: SourceError | null;
  inspection: FileInspection | null;
  settingsKey: string;
  /** Null when the file failed or was already ingested by an earlier run (no need to parse it). */
  parser: ParseWorker | null;
}

/**
 * Data rows (stored or quarantined) per batch posted by the worker. Measured on sygne rows, posting
 * costs 0.35–0.46 µs a row and receiving 0.5–0.9 µs a row for anything from 128 to 4,096 rows a
 * message: the per-message cost is negligible from a few hundred rows. 512 keeps a batch's array
 * (about 23 values a row) under V8's large-object size (128 kB): a larger one is allocated apart,
 * in fresh pages faulted in one by one, each time the main thread receives one (with the worker's
 * own batches and read chunks, 3 million page faults nationally, 37 s of system time).
 */
export const ROWS_PER_BATCH = 512;
/**
 * Batches a worker may post ahead of the writer (64 × 512 sygne rows, a few tens of MB once
 * received): the worker then waits, so memory is flat whatever the file size, and a file parsed ahead of
 * its turn holds no more than this. The parser of the current file is the slower of the two threads
 * (on Lille's SYGNE file, 5.0 s against the writer's 3.7 s): the next file's, allowed further ahead,
 * takes the core the writer leaves idle. National ingestion alone, alternated runs (2026-12-07): 8
 * batches took 0.599–0.613 s of wall time per second of CPU (5 runs), 64 batches 0.580–0.589 (4 runs),
 * about 2 s less, with 90 MB more resident during ingestion (about 500 MB, far from the run's peak).
 */
export const WINDOW_BATCHES = 64;
/** Rows per INSERT statement (a multi-row VALUES, 20-odd parameters a row). */
const INSERT_ROWS = 128;

/** Reads the file's bytes once (hash, encoding, binary check) and, unless already ingested, starts parsing it. */
export async function prepareFile(ctx: RunContext, store: OpenDatabase, ref: InputFileRef): Promise<PreparedFile> {
  const startedAt = performance.now();
  const { connector } = ref;
  const settingsKey = `${connector.source}@${connector.version};pivot=${ctx.config.twoDigitYearPivot}`;
  const base: FileIngestResult = {
    source: connector.source,
    file: ref.name,
    path: ref.path,
    inputFileId: null,
    status: 'failed',
    reused: false,
    sha256: null,
    sizeBytes: 0,
    encoding: null,
    separator: null,
    rows: 0,
    stored: 0,
    quarantined: 0,
    warnings: 0,
    quarantinedByCode: {},
    header: null,
    durationMs: 0,
  };
  const prepared: PreparedFile = { ref, startedAt, base, failure: null, inspection: null, settingsKey, parser: null };

  // A large file's worker starts while the file is inspected (both take ~100 ms for 100 MB); it is
  // stopped if the file turns out unusable or already ingested. A small file is inspected in a few
  // ms: starting its worker first would gain nothing, and waste a start when the file is unchanged.
  // Nor does a file whose name and size were ingested before, most likely unchanged: without those
  // workers started and stopped at once, an unchanged national rerun's ingestion took 3.5 s, not 6.8.
  const size = (await stat(ref.path).catch(() => null))?.size ?? 0;
  const early =
    size >= EARLY_WORKER_BYTES && !(await ingestedLookalike(store.db, connector.source, ref.name, size, settingsKey)) ? new ParseWorker(WINDOW_BATCHES) : null;
  try {
    const done = await inspectAndStart(ctx, store, prepared, early);
    if (done.parser !== early) await early?.cancel();
    return done;
  } catch (e) {
    await early?.cancel();
    throw e;
  }
}

async function inspectAndStart(ctx: RunContext, store: OpenDatabase, prepared: PreparedFile, early: ParseWorker | null): Promise<PreparedFile> {
  const { ref, base, settingsKey } = prepared;
  const { connector } = ref;
  const fail = (code: SourceErrorCode, message: string, line?: number): PreparedFile => ({
    ...prepared,
    failure: new SourceError(code, message, { source: connector.source, file: ref.name, line }),
  });

  let inspection: FileInspection;
  try {
    inspection = await inspectFile(ref.path);
  } catch (e) {
    return fail('FILE_UNREADABLE', `${ref.name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): check the file's permissions`);
  }
  Object.assign(base, { sha256: inspection.sha256, sizeBytes: inspection.size, encoding: inspection.encoding });
  if (inspection.size === 0) return fail('FILE_EMPTY', `${ref.name}: the file is empty (0 bytes); expected a header row and data rows`, 1);
  if (inspection.binary) return fail('FILE_BINARY', `${ref.name}: the file is not text (binary or corrupted content); expected a CSV extract`);
  prepared.inspection = inspection;
  // Already ingested by an earlier run: no need to parse (commitFile checks again, in file order).
  if (await findReusableInputFile(store.db, connector.source, inspection.sha256, settingsKey)) return prepared;
  await startParser(ctx, prepared, inspection, early);
  return prepared;
}

/** Files from this size on start their worker before being inspected. */
const EARLY_WORKER_BYTES = 4 * 2 ** 20;

/** Gives the file to its worker (`started`, or one started now). */
async function startParser(ctx: RunContext, prepared: PreparedFile, inspection: FileInspection, started: ParseWorker | null = null): Promise<ParseWorker> {
  const { ref, base } = prepared;
  const separator = await detectFileSeparator(ref.path, inspection.encoding);
  base.separator = separator;
  const parser = started ?? new ParseWorker(WINDOW_BATCHES);
  prepared.parser = parser;
  parser.parse({
    path: ref.path,
    fileName: ref.name,
    source: ref.connector.source,
    encoding: inspection.encoding,
    separator,
    endsWithNewline: inspection.endsWithNewline,
    hasQuotes: inspection.hasQuotes,
    twoDigitYearPivot: ctx.config.twoDigitYearPivot,
    rowsPerBatch: ROWS_PER_BATCH,
  });
  return parser;
}

/**
 * The file's turn at the writer: links it to an identical file already ingested, or inserts what its
 * worker posts, in one transaction. `turnStartedAt` is when the previous file was done: the file's
 * duration counts from then, or from its preparation if that started later.
 */
export async function commitFile(ctx: RunContext, store: OpenDatabase, prepared: PreparedFile, turnStartedAt = 0): Promise<FileIngestResult> {
  const t0 = Math.max(prepared.startedAt, turnStartedAt);
  const { ref, base, inspection, settingsKey } = prepared;
  const { connector } = ref;
  if (prepared.failure || !inspection) {
    return { ...base, durationMs: performance.now() - t0, error: prepared.failure ?? undefined };
  }
  const failed = (code: SourceErrorCode, message: string): FileIngestResult => ({
    ...base,
    durationMs: performance.now() - t0,
    error: new SourceError(code, message, { source: connector.source, file: ref.name }),
  });

  const { sqlite } = store;
  let committed = false;
  try {
    // Checked here, in file order, as well as in prepareFile: an identical file earlier in this run
    // has only just been committed.
    const reusable = await findReusableInputFile(store.db, connector.source, inspection.sha256, settingsKey);
    if (reusable) {
      await prepared.parser?.cancel();
      sqlite
        .prepare('INSERT OR IGNORE INTO run_input (run_id, input_file_id, path, reused) VALUES (?, ?, ?, 1)')
        .run(ctx.runId, reusable.input_file_id, ref.path);
      return {
        ...base,
        inputFileId: reusable.input_file_id,
        status: 'ok',
        reused: true,
        separator: reusable.separator,
        rows: reusable.rows,
        stored: reusable.stored,
        quarantined: reusable.quarantined,
        warnings: reusable.warnings,
        header: JSON.parse(reusable.header_report_json) as HeaderReport,
        quarantinedByCode: await quarantineCountsByCode(store.db, reusable.input_file_id),
        durationMs: performance.now() - t0,
      };
    }
    const parser = prepared.parser ?? (await startParser(ctx, prepared, inspection));

    sqlite.exec('BEGIN IMMEDIATE');
    const inputFileId = Number(
      sqlite
        .prepare(
          `INSERT INTO input_file (source, file_name, sha256, settings_key, size_bytes, encoding, separator, rows, stored,
             quarantined, warnings, header_report_json, status, first_run_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, '{}', 'ingesting', ?)`,
        )
        .run(connector.source, ref.name, inspection.sha256, settingsKey, inspection.size, inspection.encoding, base.separator, ctx.runId)
        .lastInsertRowid,
    );

    // The worker sends, per stored row, the line then the columns' values; the constant lineage
    // columns are written into the statement (fewer parameters to bind per row).
    const dataColumns = ['line', ...connector.columns.map((c) => c.column), ...connector.derivedColumns];
    const rowWidth = dataColumns.length;
    const constants = `${sqlText(connector.source)}, ${inputFileId}, ${sqlText(ctx.runId)}`;
    const tuple = `(${constants}${', ?'.repeat(rowWidth)})`;
    const insertSql = (n: number) =>
      `INSERT INTO "${connector.table}" (source, input_file_id, run_id, ${dataColumns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(n).fill(tuple).join(', ')}`;
    // Statements for INSERT_ROWS, 16 and 1 rows: a batch's remainder goes in few statements.
    const inserts = [INSERT_ROWS, 16, 1].map((n) => ({ n, stmt: sqlite.prepare(insertSql(n)) }));
    const insertIssue = sqlite.prepare(
      `INSERT INTO quarantine (input_file_id, source, file_name, line, severity, code, field, value, message, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );

    let rows = -1;
    let stored = 0;
    let quarantined = 0;
    let warnings = 0;
    // Started at the first batch, after the header's log lines, so that no log line cuts the bar.
    let progress: ProgressTask | null = null;
    const estimatedRows = Math.max(1, inspection.lineFeeds - (inspection.endsWithNewline ? 1 : 0));
    try {
      while (rows === -1) {
        const m = await parser.next();
        switch (m.type) {
          case 'header':
            base.header = m.report;
            if (m.report.ignored.length) {
              ctx.log[connector.extraColumnsExpected ? 'debug' : 'warn']({ event: 'ingest.columns_ignored', file: ref.name, columns: m.report.ignored }, 'unknown columns ignored');
            }
            break;
          case 'batch': {
            const values = m.rows;
            let at = 0;
            for (const { n, stmt } of inserts) {
              const span = n * rowWidth;
              // Parameters as arguments, not as one array: better-sqlite3 reads an array element by
              // element through V8's API, which measured ~0.7 µs a row more (3.5 against 2.8 µs).
              for (; at + span <= values.length; at += span) stmt.run(...values.slice(at, at + span));
            }
            stored += m.rowCount;
            let rejected = 0;
            for (const q of m.issues) {
              insertIssue.run(inputFileId, connector.source, ref.name, q.line, q.severity, q.code, q.field, q.value, q.message, q.raw);
              if (q.severity === 'error') rejected++;
              else warnings++;
            }
            quarantined += rejected;
            parser.consumed();
            progress ??= ctx.progress.start(ref.name, estimatedRows, 'rows');
            progress.tick(m.rowCount + rejected);
            break;
          }
          case 'error':
            throw deserializeError(m.error);
          case 'done':
            rows = m.rows;
            break;
        }
      }
    } finally {
      progress?.stop();
    }
    if (rows !== stored + quarantined) {
      throw new Error(`${ref.name}: ${rows} rows read but ${stored} stored + ${quarantined} quarantined`);
    }
    sqlite
      .prepare(
        `UPDATE input_file SET rows = ?, stored = ?, quarantined = ?, warnings = ?, header_report_json = ?, status = 'complete'
         WHERE input_file_id = ?`,
      )
      .run(rows, stored, quarantined, warnings, JSON.stringify(base.header), inputFileId);
    sqlite.prepare('INSERT INTO run_input (run_id, input_file_id, path, reused) VALUES (?, ?, ?, 0)').run(ctx.runId, inputFileId, ref.path);
    sqlite.exec('COMMIT');
    committed = true;
    return {
      ...base,
      inputFileId,
      status: 'ok',
      rows,
      stored,
      quarantined,
      warnings,
      quarantinedByCode: await quarantineCountsByCode(store.db, inputFileId),
      durationMs: performance.now() - t0,
    };
  } catch (e) {
    if (e instanceof SourceError) return { ...failed('FILE_UNREADABLE', ''), error: e };
    const code = (e as NodeJS.ErrnoException).code;
    if (code && /^(EACCES|EISDIR|ENOENT|EIO)$/.test(code)) {
      return failed('FILE_UNREADABLE', `${ref.name}: reading failed (${code}): check the file`);
    }
    throw e;
  } finally {
    if (!committed && sqlite.inTransaction) sqlite.exec('ROLLBACK');
    if (!committed) await prepared.parser?.cancel();
  }
}

/** A worker's error as the main thread throws it: the same SourceError, or an error with its code and stack. */
function deserializeError(e: SerializedError): Error {
  if (e.kind === 'source') return new SourceError(e.code, e.message, e.location);
  const error = new Error(e.message);
  if (e.stack) error.stack = e.stack;
  if (e.kind === 'coded') Object.assign(error, { code: e.code });
  return error;
}

/** A string as an SQL literal (the run id and source name are ours, but quoting costs nothing). */
function sqlText(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
