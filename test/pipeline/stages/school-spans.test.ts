import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';
import { describe, expect, it } from 'vitest';
import { Random } from '../../../fixtures/generator/prng.js';
import { isoDayNumber } from '../../../pipeline/normalize/dates.js';
import { EnrolmentRowids, MAX_OVERLAP_DAYS, SchoolHistories } from '../../../pipeline/stages/school-spans.js';

/**
 * The school histories in typed arrays (school-spans.ts) against the rule as it was written on
 * objects and date-fns: two histories are side by side when two known, different schools overlap by
 * more than MAX_OVERLAP_DAYS calendar days; a missing entry is 1 September of the school year, a
 * missing exit 31 August.
 */
interface Span {
  from: string;
  to: string;
  uai: string | null;
}

function referenceSideBySide(a: Span[], b: Span[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.uai === null || y.uai === null || x.uai === y.uai) continue;
      const from = x.from > y.from ? x.from : y.from;
      const to = x.to < y.to ? x.to : y.to;
      if (to > from && differenceInCalendarDays(parseISO(to), parseISO(from)) > MAX_OVERLAP_DAYS) return true;
    }
  }
  return false;
}

const referenceShareSchool = (a: Span[], b: Span[]) => a.some((x) => x.uai !== null && b.some((y) => y.uai === x.uai));

const iso = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

/**
 * Random spans against the reference, joins included, the histories read by `load` from a database
 * `sqlite` opens (in memory, or a file a worker can read too).
 */
async function answersAsTheReference(file: string, load: (sqlite: Database.Database, candidates: number[], rows: EnrolmentRowids) => Promise<SchoolHistories>): Promise<void> {
  const random = new Random(42, 'school-spans-test');
  const rng = () => random.float();
  const sqlite = new Database(file);
  sqlite.exec('CREATE TABLE enrolment (annee_scolaire INTEGER, date_entree TEXT, date_sortie TEXT, uai TEXT)');
  const insert = sqlite.prepare('INSERT INTO enrolment (annee_scolaire, date_entree, date_sortie, uai) VALUES (?, ?, ?, ?)');
  const ineCount = 60;
  const spans = new Map<number, Span[]>();
  const rows = new EnrolmentRowids();
  const schools = ['0593125B', '0442953W', '0620001A'];
  for (let r = 0; r < 400; r++) {
    const ine = Math.floor(rng() * ineCount);
    const year = 2021 + Math.floor(rng() * 4);
    // Dates around the school year, sometimes missing, so that overlaps of every length occur.
    const start = isoDayNumber(`${year}-09-01`) + Math.floor(rng() * 200) - 60;
    const entry = rng() < 0.25 ? null : iso(start);
    const exit = rng() < 0.3 ? null : iso(start + Math.floor(rng() * 300));
    const uai = rng() < 0.15 ? null : schools[Math.floor(rng() * schools.length)]!;
    const rowid = Number(insert.run(year, entry, exit, uai).lastInsertRowid);
    rows.add(ine, rowid);
    if (ine % 7 === 0) continue; // INEs not asked for: their rows are not read
    const list = spans.get(ine) ?? [];
    list.push({ from: entry ?? `${year}-09-01`, to: exit ?? `${year + 1}-08-31`, uai });
    spans.set(ine, list);
  }
  const candidates = [...spans.keys()];
  const histories = await load(sqlite, candidates, rows);
  let sideBySide = 0;
  let shared = 0;
  const check = () => {
    for (const a of spans.keys()) {
      for (const b of spans.keys()) {
        if (a === b) continue;
        const expected = referenceSideBySide(spans.get(a)!, spans.get(b)!);
        expect(histories.sideBySide(a, b), `${a} beside ${b}`).toBe(expected);
        expect(histories.shareSchool(a, b)).toBe(referenceShareSchool(spans.get(a)!, spans.get(b)!));
        if (expected) sideBySide++;
        if (referenceShareSchool(spans.get(a)!, spans.get(b)!)) shared++;
      }
    }
  };
  check();
  // Joins pool the spans under the representative: a's, then b's.
  for (let j = 0; j < 20; j++) {
    const keys = [...spans.keys()];
    const a = keys[Math.floor(rng() * keys.length)]!;
    const b = keys[Math.floor(rng() * keys.length)]!;
    if (a === b) continue;
    const root = rng() < 0.5 ? a : b;
    histories.joined(root, a, b);
    const merged = [...spans.get(a)!, ...spans.get(b)!];
    spans.delete(a);
    spans.delete(b);
    spans.set(root, merged);
  }
  check();
  // Both answers occur: the test would see a rule that always said yes or no.
  expect(sideBySide).toBeGreaterThan(100);
  expect(shared).toBeGreaterThan(100);
  expect(histories.sideBySide(7, candidates[0]!)).toBe(false);
  sqlite.close();
}

describe('SchoolHistories', () => {
  it('answers as the rule on objects and date-fns did, joins included', async () => {
    await answersAsTheReference(':memory:', (sqlite, candidates, rows) => SchoolHistories.load(sqlite, candidates, rows));
  });

  it('answers the same with half the rows read by a worker thread on its own connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'siei-spans-'));
    try {
      await answersAsTheReference(join(dir, 'spans.db'), (sqlite, candidates, rows) => SchoolHistories.load(sqlite, candidates, rows, 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes a missing entry as 1 September and a missing exit as 31 August, and allows 31 days of overlap', async () => {
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE enrolment (annee_scolaire INTEGER, date_entree TEXT, date_sortie TEXT, uai TEXT)');
    const insert = sqlite.prepare('INSERT INTO enrolment (annee_scolaire, date_entree, date_sortie, uai) VALUES (?, ?, ?, ?)');
    const rows = new EnrolmentRowids();
    const spans: [ine: number, year: number, entry: string | null, exit: string | null, uai: string][] = [
      // From 1 September (entry missing) to 3 October beside 1 August – 3 October elsewhere: 32 days.
      [0, 2023, null, '2023-10-03', '0593125B'],
      [1, 2023, '2023-08-01', '2023-10-03', '0442953W'],
      // 30 July to 31 August (exit missing) beside 30 July – 30 September elsewhere: 32 days.
      [2, 2023, '2024-07-30', null, '0593125B'],
      [3, 2023, '2024-07-30', '2024-09-30', '0442953W'],
      // 2 September to 3 October at two schools: 31 days, a transfer's crossing.
      [4, 2023, '2023-09-02', '2023-10-03', '0593125B'],
      [5, 2023, '2023-09-02', '2023-10-03', '0442953W'],
    ];
    for (const [ine, year, entry, exit, uai] of spans) rows.add(ine, Number(insert.run(year, entry, exit, uai).lastInsertRowid));
    const histories = await SchoolHistories.load(sqlite, [0, 1, 2, 3, 4, 5], rows);
    expect([histories.sideBySide(0, 1), histories.sideBySide(2, 3), histories.sideBySide(4, 5)]).toEqual([true, true, false]);
    sqlite.close();
  });
});
