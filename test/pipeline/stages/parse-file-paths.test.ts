import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseJob } from '../../../pipeline/stages/ingest-protocol.js';
import { parseFile } from '../../../pipeline/stages/parse-file.js';
import { SYGNE_HEADER, SYGNE_ROWS } from '../../helpers/input-dir.js';

/**
 * The whole parsing half (stored rows, quarantine messages, line numbers, counts) must not depend on
 * which reader split the file: csv-parse, or the quote-free splitter. Generated sygne files with
 * broken rows (too few or too many fields, a truncated last line, blank lines, duplicates, invalid
 * values), LF or CRLF, go through both.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'siei-parse-paths-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function parseWith(path: string, hasQuotes: boolean, endsWithNewline: boolean) {
  const job: ParseJob = { path, fileName: 'sygne_t.csv', source: 'sygne', encoding: 'utf-8', separator: ';', endsWithNewline, hasQuotes, twoDigitYearPivot: 2035, rowsPerBatch: 7 };
  const out: unknown[] = [];
  try {
    const rows = await parseFile(job, { header: (report) => out.push({ report }), batch: (values, rowCount, issues) => out.push({ values: [...values], rowCount, issues }) });
    out.push({ rows });
  } catch (e) {
    out.push({ error: (e as Error).message });
  }
  return out;
}

const row = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SYGNE_ROWS) },
  fc.constantFrom(
    '',
    '   ',
    SYGNE_ROWS[0]!.split(';').slice(0, 7).join(';'), // too few fields
    SYGNE_ROWS[1] + ';X;Y', // too many
    SYGNE_ROWS[2]!.replace('2008-07-21', '31/02/2008'), // impossible date
    SYGNE_ROWS[0]!.replace(';ST;', ';XX;'), // invalid optional value: kept with a warning
    SYGNE_ROWS[1]!.replace(';F;', ';;'), // required value empty
  ),
);

let files = 0;
describe('parseFile: the same result through csv-parse and through the quote-free splitter', () => {
  it('on generated sygne files with broken rows, LF or CRLF, with or without a final end of line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), async (rows, eol, finalEol) => {
        const text = [SYGNE_HEADER, ...rows].join(eol) + (finalEol ? eol : '');
        const path = join(dir, `f${files++}.csv`);
        await writeFile(path, text);
        const endsWithNewline = text.endsWith('\n') || text.endsWith('\r');
        expect(await parseWith(path, false, endsWithNewline)).toEqual(await parseWith(path, true, endsWithNewline));
      }),
      { numRuns: 150 },
    );
  });
});
