import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SYGNE_HEADER, makeInputDir, runOn } from '../helpers/input-dir.js';

/**
 * The resolve stage's deterministic pass across runs (pipeline/stages/resolve.stage.ts): which INEs
 * are one person, which person (hence NUMERO_SIEI) each INE keeps from one run to the next, and
 * persons of earlier runs joined when a new record shows they are one.
 */
const row = (ine: string, nom: string, prenom1: string, naissance: string, lieuNaissance: string) =>
  `${ine};${nom};;${prenom1};;;F;${naissance};${lieuNaissance};${lieuNaissance ? '99100' : ''};59350;0442953W;2023;;3;ST;;;`;

/** INE → the sorted INEs of its person, and INE → person id. */
function persons(out: string): { together: Record<string, string[]>; personOf: Record<string, number> } {
  const db = new SQLite(join(out, 'siei.db'), { readonly: true });
  const rows = db.prepare('SELECT ine, person_id FROM person_ine ORDER BY ine').all() as { ine: string; person_id: number }[];
  db.close();
  const personOf = Object.fromEntries(rows.map((r) => [r.ine, r.person_id]));
  const together = Object.fromEntries(rows.map((r) => [r.ine, rows.filter((o) => o.person_id === r.person_id).map((o) => o.ine)]));
  return { together, personOf };
}

describe('resolve stage', () => {
  it('keeps homonyms apart, gives each INE its person again next run, and joins earlier persons a new record shows to be one', async () => {
    const first = [
      row('300000001AA', 'PETIT', 'Léa', '03/03/2008', '59350'),
      row('300000002AA', 'Petit', 'LEA', '03/03/2008', '62041'), // a homonym born the same day elsewhere
      row('300000003AA', 'DURAND', 'Inès', '05/05/2008', ''), // no birth place (commune nor country): joins the only place known
      row('300000004AA', 'DURAND', 'Ines Marie', '05/05/2008', '59350'),
      row('300000005AA', 'MOREAU', 'Jade', '07/07/2008', '59350'),
      row('300000006AA', 'MOREAUX', 'Jade', '07/07/2008', '59350'), // a typo: another identity for now
    ];
    const run1 = await runOn(await makeInputDir({ 'sygne_test.csv': [SYGNE_HEADER, ...first].join('\n') + '\n' }));
    expect(run1.exitCode).toBe(0);
    const before = persons(run1.outDir);
    expect(before.together).toMatchObject({
      '300000001AA': ['300000001AA'],
      '300000002AA': ['300000002AA'],
      '300000003AA': ['300000003AA', '300000004AA'],
      '300000005AA': ['300000005AA'],
      '300000006AA': ['300000006AA'],
    });

    const second = [
      ...first,
      row('300000007AA', 'PETIT', 'Léa', '03/03/2008', ''), // without a place, either PETIT Léa: alone
      row('300000006AA', 'MOREAU', 'Jade', '07/07/2008', '59350'), // the typo corrected: one person with 5
    ];
    const run2 = await runOn(await makeInputDir({ 'sygne_test.csv': [SYGNE_HEADER, ...second].join('\n') + '\n' }), { db: join(run1.outDir, 'siei.db') }, run1.outDir);
    expect(run2.exitCode).toBe(0);
    const after = persons(run2.outDir);
    expect(after.together['300000007AA']).toEqual(['300000007AA']);
    expect(after.together['300000005AA']).toEqual(['300000005AA', '300000006AA']);
    // Every INE keeps its person; the two MOREAU Jade keep the older one.
    for (const ine of ['300000001AA', '300000002AA', '300000003AA', '300000004AA', '300000005AA']) expect(after.personOf[ine]).toBe(before.personOf[ine]);
    expect(after.personOf['300000006AA']).toBe(Math.min(before.personOf['300000005AA']!, before.personOf['300000006AA']!));
  });
});
