import { forEachCsvItem, type CsvItem } from '../../connectors/csv/csv-reader.js';
import { columnParser, type ColumnParser } from '../../connectors/csv/column-parser.js';
import { matchHeader } from '../../connectors/csv/header.js';
import { connectorFor } from '../../connectors/registry.js';
import { SourceError, type RowIssue } from '../errors.js';
import { DuplicateSet } from './duplicate-set.js';
import type { HeaderReport, ParsedIssue, ParseJob } from './ingest-protocol.js';
import { rowHashInto } from './row-hash.js';
import { createRowView } from './row-view.js';

/**
 * The parsing half of a file's ingestion, run in the file's worker thread (ingest-worker.ts): reads
 * the records, matches the header, types and checks every field, runs the connector's `finish`
 * rules and finds exact duplicates. Every data row comes out, in line order, either as a stored row
 * (a flat run of parameters: line, columns, derived columns) or as a quarantine issue; warnings for
 * kept rows follow their row. Nothing here touches the pipeline's database.
 */

interface ColumnPlan {
  column: string;
  header: string;
  /** The column's cell in a record, or -1 when the header lacks it (an optional column). */
  index: number;
  /** Required and an empty cell is not a value: an empty cell quarantines the row. */
  mustBeFilled: boolean;
  /** An invalid value quarantines the row (else the value is emptied with a warning). */
  quarantineInvalid: boolean;
  /** Null for text, kept as is. */
  parse: ColumnParser | null;
}

export interface ParseSink {
  header(report: HeaderReport): void;
  /**
   * `rows`: `rowCount` × (1 + columns + derived columns) values. The parser fills the same `rows`
   * array again once `batch` returns: a sink that keeps the values copies them (the worker's
   * `postMessage` clones them). A fresh array a batch was a large allocation each time, its pages
   * faulted in anew (profiled nationally, page faults were a seventh of the parsing thread's time).
   */
  batch(rows: (string | number | null)[], rowCount: number, issues: ParsedIssue[]): void;
}

/** Parses the whole file into `sink`; resolves with the number of data rows read (stored + quarantined). */
export async function parseFile(job: ParseJob, sink: ParseSink, duplicates = new DuplicateSet()): Promise<number> {
  const connector = connectorFor(job.source);
  const file = job.fileName;
  const specs = connector.columns;
  const derived = connector.derivedColumns;
  const rowCtx = { twoDigitYearPivot: job.twoDigitYearPivot };
  const hash = new Uint32Array(2);

  let rows = 0;
  let inBatch = 0;
  const batchRows: (string | number | null)[] = [];
  /** Values written to `batchRows`, filled again from the start after each batch. */
  let filled = 0;
  let batchRowCount = 0;
  let issues: ParsedIssue[] = [];
  const put = (v: string | number | null) => {
    if (filled < batchRows.length) batchRows[filled++] = v;
    else filled = batchRows.push(v);
  };
  const flush = () => {
    if (inBatch === 0) return;
    // A batch with quarantined rows fills less than the array: its values only.
    sink.batch(filled === batchRows.length ? batchRows : batchRows.slice(0, filled), batchRowCount, issues);
    filled = 0;
    batchRowCount = 0;
    issues = [];
    inBatch = 0;
  };

  const quarantine = (line: number, rowIssues: RowIssue[], raw: string) => {
    const first = rowIssues[0]!;
    const message = rowIssues.length === 1 ? first.message : rowIssues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
    issues.push({ line, severity: 'error', code: first.code, field: first.field ?? null, value: first.value ?? null, message, raw: stripEol(raw) });
  };

  let header: string[] | null = null;
  /** The connector's columns as this file's header lays them out, with their parsers. */
  let plan: ColumnPlan[] = [];
  // The current row: the columns' values then the derived columns', reused from row to row.
  const { row, values } = createRowView([...specs.map((s) => s.column), ...derived]);
  let width = 0;
  // A short row is only known to be the truncated last line once the file has no more rows.
  let pendingShort: { line: number; cells: number; raw: string } | null = null;
  const flushShort = (atEnd: boolean) => {
    if (!pendingShort) return;
    const { line, cells, raw } = pendingShort;
    pendingShort = null;
    const truncated = atEnd && !job.endsWithNewline;
    quarantine(
      line,
      [
        {
          code: truncated ? 'ROW_TRUNCATED' : 'ROW_FIELD_COUNT',
          message: truncated
            ? `the last line has ${cells} fields instead of ${width} and no end of line: the file looks truncated`
            : `${cells} fields instead of ${width} (too few)`,
        },
      ],
      raw,
    );
  };

  const onItem = (item: CsvItem): void => {
    if (!header) {
      if (item.kind === 'malformed') {
        throw new SourceError('FILE_NO_HEADER', `${file}, line ${item.line}: the header row cannot be read (${item.reason})`, {
          source: connector.source, file, line: item.line,
        });
      }
      header = item.cells;
      width = header.length;
      const match = matchHeader(header, specs);
      if (match.missingRequired.length) {
        throw new SourceError(
          'COLUMN_MISSING',
          `${file}, line ${item.line}: missing required column${match.missingRequired.length > 1 ? 's' : ''} ${match.missingRequired.join(', ')} ` +
            `(the header has: ${header.map((h) => h.trim()).join(', ')})`,
          { source: connector.source, file, line: item.line, field: match.missingRequired[0] },
        );
      }
      plan = specs.map((spec, i) => ({
        column: spec.column,
        header: spec.header,
        index: match.indexes[i]!,
        mustBeFilled: spec.required && !spec.emptyAllowed,
        quarantineInvalid: spec.required || spec.onInvalid === 'quarantine',
        parse: spec.type.kind === 'text' ? null : columnParser(spec.type, rowCtx),
      }));
      sink.header({ ignored: match.unknown, missingOptional: match.missingOptional, duplicated: match.duplicated });
      return;
    }
    flushShort(false);
    // The batch is cut before a row, never between a row and its (delayed) issues.
    if (inBatch >= job.rowsPerBatch) flush();
    rows++;
    inBatch++;
    if (item.kind === 'malformed') {
      const truncated = item.reason.startsWith('Quote Not Closed');
      quarantine(item.line, [{ code: truncated ? 'ROW_TRUNCATED' : 'ROW_MALFORMED', message: truncated ? `the last line ends inside a quoted value: the file looks truncated` : item.reason }], item.raw);
      return;
    }
    const { cells, line } = item;
    if (cells.length !== width) {
      if (cells.length < width) pendingShort = { line, cells: cells.length, raw: item.raw };
      else quarantine(line, [{ code: 'ROW_FIELD_COUNT', message: `${cells.length} fields instead of ${width} (too many)` }], item.raw);
      return;
    }
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (c.length && (c.charCodeAt(0) <= 32 || c.charCodeAt(c.length - 1) <= 32)) cells[i] = c.trim();
    }

    for (let i = specs.length; i < values.length; i++) values[i] = null;
    let rowIssues: RowIssue[] | null = null;
    let rowWarnings: RowIssue[] | null = null;
    for (let i = 0; i < plan.length; i++) {
      const col = plan[i]!;
      const raw = col.index >= 0 ? cells[col.index]! : '';
      let value: string | number | null = null;
      if (raw === '') {
        if (col.mustBeFilled) (rowIssues ??= []).push({ code: 'ROW_REQUIRED_MISSING', field: col.header, message: 'required value is empty' });
      } else if (col.parse === null) {
        value = raw; // what parseField returns for text, without its result object
      } else {
        const parsed = col.parse(raw);
        if (parsed.ok) value = parsed.value;
        else {
          const issue: RowIssue = { code: parsed.code, field: col.header, value: raw, message: parsed.message };
          if (col.quarantineInvalid) (rowIssues ??= []).push(issue);
          else (rowWarnings ??= []).push({ ...issue, message: `${parsed.message}; the value was left empty` });
        }
      }
      values[i] = value;
    }
    if (!rowIssues && connector.finish) {
      const issue = connector.finish(row, (w) => (rowWarnings ??= []).push(w));
      if (issue) rowIssues = [issue];
    }
    if (!rowIssues) {
      rowHashInto(cells, hash);
      const firstLine = duplicates.firstLine(hash[0]!, hash[1]!, line);
      if (firstLine !== 0) rowIssues = [{ code: 'ROW_DUPLICATE', message: `exact duplicate of line ${firstLine}` }];
    }
    if (rowIssues) {
      quarantine(line, rowIssues, item.raw);
      return;
    }
    put(line);
    // After `finish`, which may have filled or changed values (DECA's empty avenant is 0).
    for (let i = 0; i < values.length; i++) put(values[i] ?? null);
    batchRowCount++;
    if (rowWarnings) {
      for (const w of rowWarnings) {
        issues.push({ line, severity: 'warning', code: w.code, field: w.field ?? null, value: w.value ?? null, message: w.message, raw: null });
      }
    }
  };

  try {
    await forEachCsvItem(job.path, job.encoding, job.separator, onItem, { hasQuotes: job.hasQuotes });
  } finally {
    duplicates.close();
  }
  flushShort(true);
  if (header === null) {
    throw new SourceError('FILE_EMPTY', `${file}: the file holds no header row (only blank lines); expected a header row and data rows`, {
      source: connector.source, file, line: 1,
    });
  }
  flush();
  return rows;
}

function stripEol(raw: string): string {
  return raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
}
