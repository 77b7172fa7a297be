import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachCsvItem, type CsvItem } from '../../../connectors/csv/csv-reader.js';
import type { Separator } from '../../../connectors/csv/detect-separator.js';
import { inspectFile, type FileEncoding } from '../../../connectors/csv/inspect-file.js';

/**
 * The quote-free splitter (unquoted-records.ts) must hand over exactly what csv-parse does (cells,
 * raw text, line numbers, blank lines skipped) for every file without a quote, whatever the line
 * endings and however the file is cut into chunks; files with quotes must still go to csv-parse.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'siei-unquoted-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
async function fileWith(bytes: Buffer): Promise<string> {
  const path = join(dir, `f${files++}.csv`);
  await writeFile(path, bytes);
  return path;
}

async function items(path: string, encoding: FileEncoding, separator: Separator, hasQuotes: boolean, chunkBytes?: number): Promise<CsvItem[]> {
  const out: CsvItem[] = [];
  await forEachCsvItem(path, encoding, separator, (item) => out.push(item), { hasQuotes, chunkBytes });
  return out;
}

/** Both readers on the same bytes: csv-parse (the reference) and the splitter, with the given chunk size. */
async function bothReaders(text: string, encoding: FileEncoding, separator: Separator, chunkBytes?: number) {
  const path = await fileWith(encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding));
  return { csvParse: await items(path, encoding, separator, true), splitter: await items(path, encoding, separator, false, chunkBytes) };
}

const SEPARATORS: Separator[] = [';', ',', '\t'];

describe('UnquotedRecordSplitter against csv-parse', () => {
  it.each([
    ['LF line endings', 'A;B;C\n1;2;3\n4;5;6\n'],
    ['CRLF line endings', 'A;B;C\r\n1;2;3\r\n4;5;6\r\n'],
    ['CR line endings', 'A;B;C\r1;2;3\r4;5;6\r'],
    ['a truncated last line (no end of line)', 'A;B;C\n1;2;3\n4;5'],
    ['too many and too few fields', 'A;B;C\n1;2;3;4;5\n1\n1;2\n'],
    ['blank and white lines, counted but not handed over', 'A;B\n\n1;2\n   \n\t\n3;4\n\n'],
    ['a lone LF inside a CRLF file (part of the field, counts as a line)', 'A;B\r\n1;x\ny\r\n2;3\r\n'],
    ['a lone CR inside an LF file (part of the field)', 'A;B\n1;x\ry\n2;3\r\n'],
    ['a UTF-8 BOM', '\uFEFFA;B\n1;é\n'],
    ['empty fields everywhere', ';;\n;;\n;\n'],
    ['a header only, no end of line', 'A;B;C'],
    ['only line endings', '\n\n\r\n'],
    ['nothing', ''],
  ])('%s', async (_name, text) => {
    const { csvParse, splitter } = await bothReaders(text, 'utf-8', ';', 3);
    expect(splitter).toEqual(csvParse);
  });

  it('reads the sygne layout with a truncated last line the same way', async () => {
    const text =
      'INE;NOM_FAMILLE;PRENOM1\r\n' + '0123456789A;MARTIN;Léa\r\n'.repeat(3) + '0123456789A;MAR';
    const { csvParse, splitter } = await bothReaders(text, 'windows-1252', ';');
    expect(splitter).toEqual(csvParse);
    expect(splitter.map((i) => i.line)).toEqual([1, 2, 3, 4, 5]);
    expect(splitter.at(-1)).toMatchObject({ cells: ['0123456789A', 'MAR'], raw: '0123456789A;MAR' });
  });

  it('gives the same items on generated quote-free texts, in both encodings, whatever the chunk size', async () => {
    const piece = fc.constantFrom('a', 'Z', '0', 'é', 'Œ', ' ', '\t', ';', ',', '|', '\n', '\r', '\r\n', '\r\n', '\n\n', ';;');
    const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom(...SEPARATORS),
        fc.constantFrom<FileEncoding>('utf-8', 'windows-1252'),
        fc.boolean(),
        fc.integer({ min: 1, max: 16 }),
        async (body, separator, encoding, bom, chunkBytes) => {
          const content = (bom && encoding === 'utf-8' ? '\uFEFF' : '') + body;
          const { csvParse, splitter } = await bothReaders(content, encoding, separator, chunkBytes);
          expect(splitter).toEqual(csvParse);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('choosing the reader', () => {
  it('inspectFile tells whether the file holds a quote', async () => {
    expect((await inspectFile(await fileWith(Buffer.from('A;B\n1;2\n')))).hasQuotes).toBe(false);
    expect((await inspectFile(await fileWith(Buffer.from('A;B\n1;"2"\n')))).hasQuotes).toBe(true);
  });

  it('a file with quotes goes to csv-parse: quoted separators and line breaks, doubled and stray quotes', async () => {
    const path = await fileWith(Buffer.from('A;B\n"x;y";"1\n2"\n"a ""b""";D"ALMEIDA\n'));
    const read = await items(path, 'utf-8', ';', (await inspectFile(path)).hasQuotes);
    expect(read.map((i) => (i.kind === 'record' ? [i.line, i.cells] : [i.line, i.kind]))).toEqual([
      [1, ['A', 'B']],
      [2, ['x;y', '1\n2']],
      [4, ['a "b"', 'D"ALMEIDA']],
    ]);
  });

  it('line numbers stay those of the file after a record holding a line break, with CRLF line endings too', async () => {
    // In a CRLF file csv-parse's raw text of a record ends with the \r alone: the record "1\r\n2"
    // spans two lines though its raw text holds one line feed (lines-spanned.ts).
    for (const eol of ['\n', '\r\n']) {
      const path = await fileWith(Buffer.from(['A;B', '"x";"1', '2"', 'a;b', 'c;d'].join(eol) + eol));
      const read = await items(path, 'utf-8', ';', true);
      expect(read.map((i) => i.line)).toEqual([1, 2, 4, 5]);
    }
    // Unquoted, a lone LF inside a CRLF file is part of its field, and a line of the file.
    const { csvParse, splitter } = await bothReaders('A;B\r\n1;x\ny\r\n2;3\r\n', 'utf-8', ';');
    expect(splitter).toEqual(csvParse);
    expect(splitter.map((i) => i.line)).toEqual([1, 2, 4]);
  });

  it('a quote met on the quote-free path means the file changed since it was inspected', async () => {
    const path = await fileWith(Buffer.from('A;B\n1;"2"\n'));
    await expect(items(path, 'utf-8', ';', false)).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
