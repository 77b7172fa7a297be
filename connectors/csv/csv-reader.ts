import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse, type CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { SourceError } from '../../pipeline/errors.js';
import { detectSeparator, type Separator } from './detect-separator.js';
import type { FileEncoding } from './inspect-file.js';
import { linesSpanned } from './lines-spanned.js';
import { UnquotedRecordSplitter } from './unquoted-records.js';

/**
 * Streams the records of one extract: bytes → decoder (single-byte encodings only) → csv-parse → a
 * synchronous handler, one record at a time with the line it starts on. Memory stays flat whatever
 * the file size.
 *
 * Line numbers are counted here from each record's raw text rather than with csv-parse's `info`
 * option, which builds an object per record and halves the parser's throughput (measured: 200k
 * rows in 1.0 s without it, 1.9 s with it). Blank lines are counted, not handed over.
 *
 * Records csv-parse cannot split (a quote left open) are not lost: they come out as `malformed`
 * items, in file order, with the parser's reason and their raw text.
 *
 * A file that holds no quote character at all (inspect-file.ts says so) is split by
 * unquoted-records.ts instead, into the same items: csv-parse was the largest cost of ingestion,
 * and without quotes there is nothing for it to interpret.
 */

export type CsvItem =
  | { kind: 'record'; line: number; cells: string[]; raw: string }
  | { kind: 'malformed'; line: number; reason: string; raw: string };

export async function readFirstLine(path: string, encoding: FileEncoding): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = iconv.decode(buf.subarray(0, bytesRead), encoding);
    const end = text.search(/\r?\n/);
    return end === -1 ? text : text.slice(0, end);
  } finally {
    await fh.close();
  }
}

export async function detectFileSeparator(path: string, encoding: FileEncoding): Promise<Separator> {
  return detectSeparator(await readFirstLine(path, encoding));
}

export interface CsvReadOptions {
  /**
   * Whether the file may hold a `"` (inspect-file.ts `hasQuotes`). False selects the quote-free
   * splitter; the default, true, is always correct.
   */
  hasQuotes?: boolean;
  /**
   * Bytes read at a time (tests make it small to cut records across chunks). 32 kB by default: the
   * text of a larger chunk (twice as many bytes once decoded, and again when joined to the previous
   * chunk's rest) is a large object for V8, allocated in fresh pages each time.
   */
  chunkBytes?: number;
}

/** Calls `onItem` for every record of the file, in order; rejects if reading fails or `onItem` throws. */
export function forEachCsvItem(
  path: string,
  encoding: FileEncoding,
  separator: Separator,
  onItem: (item: CsvItem) => void,
  options: CsvReadOptions = {},
): Promise<void> {
  const chunkBytes = options.chunkBytes ?? 32 * 1024;
  return options.hasQuotes === false
    ? forEachUnquotedItem(path, encoding, separator, onItem, chunkBytes)
    : forEachCsvParseItem(path, encoding, separator, onItem, chunkBytes);
}

async function forEachUnquotedItem(
  path: string,
  encoding: FileEncoding,
  separator: Separator,
  onItem: (item: CsvItem) => void,
  chunkBytes: number,
): Promise<void> {
  const splitter = new UnquotedRecordSplitter(separator, onItem);
  // iconv-lite's UTF-8 decoder is Node's StringDecoder and drops a leading BOM, as csv-parse's
  // `bom` option does; the single-byte decoders have no BOM to drop.
  const decoder = iconv.getDecoder(encoding);
  const push = (text: string) => {
    if (text.includes('"')) {
      // inspectFile found no quote: the file was changed since (its hash is no longer its content).
      throw new SourceError('FILE_UNREADABLE', `${basename(path)}: the file changed while it was being read: run again once it is complete`, {
        file: basename(path),
      });
    }
    splitter.push(text);
  };
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) push(decoder.write(chunk));
  push(decoder.end() ?? '');
  splitter.end();
}

function forEachCsvParseItem(
  path: string,
  encoding: FileEncoding,
  separator: Separator,
  onItem: (item: CsvItem) => void,
  chunkBytes: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const skipped: { afterRecords: number; reason: string; raw: string }[] = [];
    let line = 0;
    let consumed = 0;
    let failed = false;
    const parser = parse({
      delimiter: separator,
      quote: '"',
      bom: true,
      raw: true,
      // Field counts are checked by the ingest stage against the header, with a message that says
      // how many fields were expected and found; csv-parse would only skip the record.
      relax_column_count: true,
      // A stray quote inside an unquoted value (D"ALMEIDA) is data, not a reason to reject the row.
      relax_quotes: true,
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined, raw?: string) => {
        // Called while csv-parse works on a chunk, before we read the records it pushed just now:
        // remember how many came before so that the item is handed over in file order.
        if (err) skipped.push({ afterRecords: parser.info.records, reason: err.message, raw: raw ?? '' });
        return undefined;
      },
    });
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      input.destroy();
      parser.destroy();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const flushSkipped = (upTo: number) => {
      while (skipped.length && skipped[0]!.afterRecords <= upTo) {
        const s = skipped.shift()!;
        const start = line + 1;
        line += linesSpanned(s.raw);
        onItem({ kind: 'malformed', line: start, reason: s.reason, raw: s.raw });
      }
    };
    parser.on('readable', () => {
      try {
        let item: { record: string[]; raw: string } | null;
        while (!failed && (item = parser.read() as { record: string[]; raw: string } | null) !== null) {
          flushSkipped(consumed);
          consumed++;
          const start = line + 1;
          line += linesSpanned(item.raw);
          const cells = item.record;
          if (cells.length === 1 && cells[0]!.trim() === '') continue; // blank line
          onItem({ kind: 'record', line: start, cells, raw: item.raw });
        }
      } catch (e) {
        fail(e);
      }
    });
    parser.on('end', () => {
      if (failed) return;
      try {
        flushSkipped(Number.POSITIVE_INFINITY);
        resolve();
      } catch (e) {
        fail(e);
      }
    });
    parser.on('error', fail);
    const input = createReadStream(path, { highWaterMark: chunkBytes });
    input.on('error', fail);
    if (encoding === 'utf-8') {
      // csv-parse works on bytes and decodes each field as UTF-8 itself: a UTF-8 file (checked valid
      // by inspectFile) goes in as is. Decoding it first only made a string that the parser's stream
      // turned back into bytes (measured: ~10% of the parsing thread's time).
      input.pipe(parser);
    } else {
      const decoder = iconv.decodeStream(encoding);
      decoder.on('error', fail);
      input.pipe(decoder).pipe(parser);
    }
  });
}
