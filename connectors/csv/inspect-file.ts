import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/**
 * One pass over the raw bytes of an input file, before any parsing: its content hash (the file's
 * identity across runs), its encoding, whether it looks like binary garbage, and whether it ends with
 * a newline (a last line without one may be truncated).
 *
 * Encoding is decided from facts, not guessed: a file that is valid UTF-8 is read as UTF-8 (a
 * Windows-1252 file with accented letters is almost never valid UTF-8, since é alone is 0xE9, a lead
 * byte that needs continuation bytes). Otherwise it is Windows-1252, or ISO-8859-15 when it holds
 * bytes that only make sense there (€ Š š Ž ž Œ œ Ÿ in A4–BE) and none of Windows-1252's C1 range.
 * A statistical detector (chardet, jschardet) would add a guess where an exact test exists.
 */

export type FileEncoding = 'utf-8' | 'windows-1252' | 'iso-8859-15';

export interface FileInspection {
  sha256: string;
  size: number;
  encoding: FileEncoding;
  hasBom: boolean;
  /** NUL bytes or many control characters: not a text extract. */
  binary: boolean;
  endsWithNewline: boolean;
  /** `\n` bytes: an estimate of the lines, for a progress bar (quoted line breaks count too). */
  lineFeeds: number;
  /** Whether the file holds a `"` anywhere: without one, csv-reader.ts takes its quote-free path. */
  hasQuotes: boolean;
}

/** Bytes that are letters in ISO-8859-15 but rare symbols (¤ ¦ ¨ ´ ¸ ¼ ½ ¾) in Windows-1252. */
const ISO_8859_15_ONLY = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);

export async function inspectFile(path: string): Promise<FileInspection> {
  const hash = createHash('sha256');
  let size = 0;
  let utf8 = true;
  let pending: Buffer | null = null;
  let controlBytes = 0;
  let nulBytes = 0;
  let first: Buffer | null = null;
  let lastByte = -1;
  let lineFeeds = 0;
  let hasQuotes = false;

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    if (!first) first = chunk.subarray(0, 3);
    lastByte = chunk[chunk.length - 1]!;
    if (utf8) {
      const data: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
      const cut = incompleteTailStart(data);
      pending = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
      if (!isUtf8(data.subarray(0, cut))) utf8 = false;
    }
    if (chunk.indexOf(0) !== -1) nulBytes++;
    // `"` is 0x22 in every encoding read here, and never part of a UTF-8 multi-byte sequence.
    if (!hasQuotes && chunk.indexOf(0x22) !== -1) hasQuotes = true;
    // Buffer.indexOf is a native byte search: counting costs little next to the hash.
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lineFeeds++;
    // Control characters are counted on the first MiB only: garbage shows at once, and a full scan in
    // JavaScript would cost as much as parsing.
    if (size <= 1 << 20) controlBytes += countControls(chunk);
  }
  if (pending) utf8 = false; // the file ends in the middle of a multi-byte sequence

  const hasBom = !!first && first.length === 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf;
  // A few stray control characters happen in real extracts; NULs or a visible share do not.
  const binary = nulBytes > 0 || controlBytes > Math.max(8, Math.min(size, 1 << 20) / 1000);
  const encoding: FileEncoding = utf8 ? 'utf-8' : await singleByteEncoding(path);
  return {
    sha256: hash.digest('hex'),
    size,
    encoding,
    hasBom,
    binary,
    endsWithNewline: lastByte === 0x0a || lastByte === 0x0d,
    lineFeeds,
    hasQuotes,
  };
}

/**
 * Index where a UTF-8 sequence cut by the chunk boundary starts (or the length if none), so that
 * validity is checked on whole sequences only.
 */
function incompleteTailStart(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = buf[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

function countControls(chunk: Buffer): number {
  let n = 0;
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) n++;
  }
  return n;
}

/** Second pass, for files that are not UTF-8 only (rare): Windows-1252 or ISO-8859-15. */
async function singleByteEncoding(path: string): Promise<FileEncoding> {
  let sawC1 = false;
  let saw885915 = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b >= 0x80 && b <= 0x9f) sawC1 = true;
      else if (ISO_8859_15_ONLY.has(b)) saw885915 = true;
    }
    if (sawC1) return 'windows-1252';
  }
  return saw885915 ? 'iso-8859-15' : 'windows-1252';
}
