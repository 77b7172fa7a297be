import type { CsvItem } from './csv-reader.js';
import { linesSpanned } from './lines-spanned.js';

/**
 * Splits the decoded text of an extract that holds no quote character into records, exactly as
 * csv-reader.ts reads them through csv-parse (same cells, raw text and line numbers), about four
 * times faster: without quotes a CSV record is the text between two record delimiters and its
 * fields are the text between two separators, which `indexOf` and `split` find in native code.
 *
 * Why beside csv-parse rather than instead of it: csv-parse stays the reader of every file that
 * holds a quote (quoted separators and line breaks, doubled quotes, stray quotes, a quote left open),
 * where a hand-written tokenizer would be a second CSV parser to get right. This one only takes the
 * case where there is nothing to get wrong, decided per file by inspect-file.ts (`hasQuotes`), and
 * test/connectors/csv/unquoted-records.test.ts checks it against csv-parse on generated texts.
 *
 * What it reproduces of csv-parse's behaviour with csv-reader's options: the record delimiter is the
 * first line ending of the file (`\r\n`, `\n` or `\r`) and only that one ends a record (a lone `\n` in
 * a `\r\n` file stays in its field); the text after the last delimiter is a record unless empty; the
 * raw text of a record includes the first character of its delimiter only (csv-parse appends the
 * delimiter's first character to the raw text, then skips the rest: `a;b\r` in a `\r\n` file); a record starts on the line after the `\n`s of the
 * records before it (a record without `\n`, in a `\r` file, counts as one line); blank records are
 * counted, not handed over. The UTF-8 BOM is removed by the caller, as csv-parse's `bom` option does.
 */
export class UnquotedRecordSplitter {
  /** Text received but not yet split: the start of a record whose delimiter has not come yet. */
  private rest = '';
  /** Null until the first line ending is seen. */
  private delimiter: string | null = null;
  private line = 0;

  constructor(
    private readonly separator: string,
    private readonly onItem: (item: CsvItem) => void,
  ) {}

  /** Splits the records that `text` completes; keeps the last, unfinished one for the next call. */
  push(text: string): void {
    const data = this.rest + text;
    const delimiter = this.delimiter ?? this.discoverDelimiter(data, false);
    if (delimiter === null) {
      this.rest = data;
      return;
    }
    const step = delimiter.length;
    let start = 0;
    for (let end = data.indexOf(delimiter); end !== -1; end = data.indexOf(delimiter, start)) {
      this.record(data.slice(start, end), data.slice(start, end + 1));
      start = end + step;
    }
    // A `\r` at the very end may be the first half of a `\r\n`: keep it with the unfinished record.
    this.rest = data.slice(start);
  }

  /** The end of the text: the unfinished record, if not empty, is the last one. */
  end(): void {
    const data = this.rest;
    this.rest = '';
    if (this.delimiter === null) {
      this.discoverDelimiter(data, true);
      if (this.delimiter !== null) {
        this.push(data);
        this.end();
        return;
      }
    }
    if (data !== '') this.record(data, data);
  }

  private record(text: string, raw: string): void {
    const start = this.line + 1;
    this.line += linesSpanned(raw);
    const cells = text.split(this.separator);
    if (cells.length === 1 && cells[0]!.trim() === '') return; // blank line
    this.onItem({ kind: 'record', line: start, cells, raw });
  }

  /** The first line ending of the text, as csv-parse's auto-discovery finds it; null while undecided. */
  private discoverDelimiter(data: string, atEnd: boolean): string | null {
    const cr = data.indexOf('\r');
    const lf = data.indexOf('\n');
    if (lf !== -1 && (cr === -1 || lf < cr)) this.delimiter = '\n';
    else if (cr !== -1 && cr + 1 < data.length) this.delimiter = data[cr + 1] === '\n' ? '\r\n' : '\r';
    else if (cr !== -1 && atEnd) this.delimiter = '\r';
    return this.delimiter;
  }
}
