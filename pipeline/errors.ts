/**
 * The closed set of error codes and the error classes that say how each is handled.
 *
 * - ConfigError: the call itself is wrong (flags, options) → exit 2, before any work.
 * - SourceError: one input file or source cannot be used → that source fails, the run ends with exit 3
 *   after writing what it can (quarantine.csv, run.json).
 * - Row issues are not thrown: they are data (RowIssue) and end up in quarantine.csv.
 * - QuarantineRateError: too many rows rejected → exit 4.
 * - InternalError and anything unexpected: a bug → exit 1.
 */

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  source: 3,
  quarantineRate: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Codes of row-level problems: the row is quarantined (or, for an optional field, kept with a warning). */
export type RowErrorCode =
  | 'ROW_FIELD_COUNT'
  | 'ROW_TRUNCATED'
  | 'ROW_MALFORMED'
  | 'ROW_REQUIRED_MISSING'
  | 'ROW_INVALID_DATE'
  | 'ROW_INVALID_SEX'
  | 'ROW_INVALID_INE'
  | 'ROW_INE_KEY'
  | 'ROW_INVALID_UAI'
  | 'ROW_INVALID_CODE'
  | 'ROW_INVALID_NUMBER'
  | 'ROW_INVALID_ENUM'
  | 'ROW_INCONSISTENT'
  | 'ROW_DUPLICATE';

/** Codes of file- or source-level problems (exit 3). */
export type SourceErrorCode =
  | 'INPUT_DIR_MISSING'
  | 'SOURCE_MISSING'
  | 'SOURCE_NO_ROWS'
  | 'FILE_EMPTY'
  | 'FILE_BINARY'
  | 'FILE_UNREADABLE'
  | 'FILE_NO_HEADER'
  | 'COLUMN_MISSING';

export type ErrorCode =
  | RowErrorCode
  | SourceErrorCode
  | 'CONFIG_INVALID'
  | 'LOCKED'
  | 'QUARANTINE_RATE'
  | 'INTERNAL';

export interface ErrorLocation {
  source?: string;
  file?: string;
  line?: number;
  field?: string;
}

export abstract class SieiError extends Error {
  abstract readonly exitCode: ExitCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location: ErrorLocation = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Every invalid option is listed at once, one problem per line. */
export class ConfigError extends SieiError {
  readonly exitCode = EXIT.usage;
  constructor(readonly problems: readonly string[]) {
    super('CONFIG_INVALID', problems.join('\n'));
  }
}

export class SourceError extends SieiError {
  readonly exitCode = EXIT.source;
  constructor(code: SourceErrorCode, message: string, location: ErrorLocation) {
    super(code, message, location);
  }
}

/** Another run holds the database: the call cannot proceed now (exit 2, as a usage problem). */
export class LockError extends SieiError {
  readonly exitCode = EXIT.usage;
  constructor(message: string) {
    super('LOCKED', message);
  }
}

export class QuarantineRateError extends SieiError {
  readonly exitCode = EXIT.quarantineRate;
  constructor(message: string) {
    super('QUARANTINE_RATE', message);
  }
}

export class InternalError extends SieiError {
  readonly exitCode = EXIT.internal;
  constructor(message: string) {
    super('INTERNAL', message);
  }
}

/** A row-level problem: data, not an exception. */
export interface RowIssue {
  code: RowErrorCode;
  field?: string;
  /** The raw cell value, kept so that an analyst sees what was rejected. */
  value?: string;
  message: string;
}

/** "file.csv, line 12, field DATE_NAISSANCE" — the prefix every located message starts with. */
export function formatLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.field) parts.push(`field ${loc.field}`);
  return parts.join(', ');
}
