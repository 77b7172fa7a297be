import type { OpenDatabase } from '../db/database.js';
import { SourceError } from '../errors.js';
import type { RunContext } from '../run-context.js';
import { discoverInputs } from './discover-inputs.js';
import { ingestFile, type FileIngestResult } from './ingest-file.js';

export interface IngestResult {
  files: FileIngestResult[];
  unrecognisedFiles: string[];
  missingOptionalSources: string[];
  /** Everything that makes a source unusable (exit 3), all of them, not only the first. */
  failures: SourceError[];
  totals: { rows: number; stored: number; quarantined: number; warnings: number };
}

/**
 * Stage 1: every extract of the input folder into the database. Files are read one after the
 * other: SQLite has one writer, and decoding + parsing already keep one core busy while the other
 * serves SQLite's I/O.
 */
export async function ingestStage(ctx: RunContext, store: OpenDatabase): Promise<IngestResult> {
  const { log, config } = ctx;
  const found = await discoverInputs(config.inputDir, config.sources);
  if (found.unrecognised.length) log.warn({ event: 'ingest.files_unrecognised', files: found.unrecognised }, 'files not recognised by any connector, ignored');
  for (const source of found.missingOptional) log.warn({ event: 'ingest.source_absent', source }, `optional source ${source} absent`);

  const failures: SourceError[] = [...found.missingRequired];
  const files: FileIngestResult[] = [];
  for (const ref of found.files) {
    const r = await ingestFile(ctx, store, ref);
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
