import type { SourceName } from '../../connectors/connector.js';
import type { Separator } from '../../connectors/csv/detect-separator.js';
import type { FileEncoding } from '../../connectors/csv/inspect-file.js';
import type { ErrorLocation, RowErrorCode, SourceErrorCode } from '../errors.js';

/**
 * What the main thread (the single SQLite writer) and a file's parsing worker (ingest-worker.ts)
 * tell each other. The worker reads, decodes, parses, checks and de-duplicates the rows of one file
 * and posts them in order; the main thread inserts them in order, inside the file's transaction.
 */

/** Everything the worker needs to parse one file: plain data, cloned into the worker. */
export interface ParseJob {
  path: string;
  /** File name, for messages. */
  fileName: string;
  /** The connector, found again in the worker's registry (functions cannot cross threads). */
  source: SourceName;
  encoding: FileEncoding;
  separator: Separator;
  endsWithNewline: boolean;
  /** Whether the file holds a `"` (inspect-file.ts); without one the reader takes its quote-free path. */
  hasQuotes: boolean;
  twoDigitYearPivot: number;
  /** Data rows (stored or quarantined) per posted batch. */
  rowsPerBatch: number;
}

export interface HeaderReport {
  ignored: string[];
  missingOptional: string[];
  duplicated: string[];
}

/** A quarantined row (`error`) or a kept row's emptied optional field (`warning`), ready to insert. */
export interface ParsedIssue {
  line: number;
  severity: 'error' | 'warning';
  code: RowErrorCode;
  field: string | null;
  value: string | null;
  message: string;
  raw: string | null;
}

/**
 * Consecutive data rows of the file. `rows` holds the stored rows as one flat array of parameters,
 * (1 + columns + derived columns) values a row: the line, then the connector's columns, then its
 * derived columns. Sent by structured clone: measured cheaper than a JSON string on both sides
 * (1,024 sygne rows: posting 0.35 µs a row against 0.65 for JSON.stringify + post; receiving
 * 0.75 µs a row against 1.0 for JSON.parse), which matters most on the parsing thread, the slower one.
 */
export interface ParsedBatch {
  rows: (string | number | null)[];
  rowCount: number;
  issues: ParsedIssue[];
}

export type SerializedError =
  | { kind: 'source'; code: SourceErrorCode; message: string; location: ErrorLocation }
  /** An error with a `code` (errno such as EACCES, csv-parse's codes): the main thread decides. */
  | { kind: 'coded'; code: string; message: string; stack: string | undefined }
  | { kind: 'internal'; message: string; stack: string | undefined };

export type WorkerMessage =
  | { type: 'header'; report: HeaderReport }
  | ({ type: 'batch' } & ParsedBatch)
  /** The end of the file: `rows` data rows were read (stored + quarantined). */
  | { type: 'done'; rows: number }
  | { type: 'error'; error: SerializedError };

/**
 * Shared between the two threads (Int32Array over a SharedArrayBuffer): how many batches the main
 * thread has consumed, and whether it gave up on the file. The worker never has more than
 * WINDOW_BATCHES batches posted and not consumed: it blocks (Atomics.wait) until the main thread
 * catches up, so memory stays flat whatever the file size and however far ahead a file is parsed.
 */
export const CONTROL_CONSUMED = 0;
export const CONTROL_CANCELLED = 1;
export const CONTROL_WORDS = 2;
