import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../pipeline/db/database.js';
import { SYGNE_HEADER, makeInputDir, runOn } from '../helpers/input-dir.js';

/**
 * The deterministic school deduplication (resolve.stage.ts with school-spans.ts): two INEs with the
 * same exact identity, born in the same commune, are one pupil when their schooling follows on (a new
 * INE, a transfer whose dates cross by a few days), and two pupils when they were at two schools at the
 * same time, so that a leaver is not hidden behind a homonym still enrolled.
 */
const row = (ine: string, nom: string, prenom1: string, naissance: string, uai: string, annee: number, entree: string, sortie: string) =>
  `${ine};${nom};;${prenom1};;;M;${naissance};59350;99100;59350;${uai};${annee};;3;ST;${entree};${sortie};`;

const sygne = (rows: string[]) => [SYGNE_HEADER, ...rows].join('\n') + '\n';

const fresh = [
  // DUVAL Lucas left in July 2024; another DUVAL Lucas, born the same day in Lille, was at another
  // school the same year and still is: two boys, the leaver is listed.
  row('300000001AA', 'DUVAL', 'Lucas', '12/03/2008', '0442953W', 2023, '04/09/2023', '05/07/2024'),
  row('300000002AA', 'DUVAL', 'Lucas', '12/03/2008', '0593125B', 2023, '04/09/2023', ''),
  row('300000002AA', 'DUVAL', 'Lucas', '12/03/2008', '0593125B', 2024, '02/09/2024', ''),
  // PETIT Hugo changed school and INE in September 2024: one boy, enrolled.
  row('300000003AA', 'PETIT', 'Hugo', '20/05/2008', '0442953W', 2023, '04/09/2023', '05/07/2024'),
  row('300000004AA', 'PETIT', 'Hugo', '20/05/2008', '0593125B', 2024, '02/09/2024', ''),
  // GARNIER Noah moved school in January, the two schools' dates crossing by five days: one boy.
  row('300000005AA', 'GARNIER', 'Noah', '01/01/2008', '0442953W', 2023, '04/09/2023', '15/01/2024'),
  row('300000006AA', 'GARNIER', 'Noah', '01/01/2008', '0593125B', 2023, '10/01/2024', ''),
  row('300000006AA', 'GARNIER', 'Noah', '01/01/2008', '0593125B', 2024, '02/09/2024', ''),
];

async function listedInes(outDir: string): Promise<string[]> {
  const listed: string[] = [];
  for (const f of await readdir(join(outDir, 'non-retrouves'))) {
    listed.push(...(await readFile(join(outDir, 'non-retrouves', f), 'utf8')).split('\n').slice(1).filter(Boolean).map((l) => l.split(';')[1]!));
  }
  return listed.sort();
}

async function personOf(db: string, ines: string[]): Promise<number[]> {
  const store = await openDatabase(db);
  try {
    return ines.map((ine) => store.sqlite.prepare('SELECT person_id FROM person_ine WHERE ine = ?').pluck().get(ine) as number);
  } finally {
    await store.close();
  }
}

describe('school homonyms', () => {
  it('keeps apart two INEs of one identity that were at two schools at the same time, and only those', async () => {
    const run = await runOn(await makeInputDir({ 'sygne_test.csv': sygne(fresh) }));
    expect(run.exitCode).toBe(0);
    expect(await listedInes(run.outDir)).toEqual(['300000001AA']);
    const db = run.manifest.flags.db as string;
    const [duval1, duval2, petit1, petit2, garnier1, garnier2] = await personOf(db, ['300000001AA', '300000002AA', '300000003AA', '300000004AA', '300000005AA', '300000006AA']);
    expect(duval1).not.toBe(duval2);
    expect(petit1).toBe(petit2);
    expect(garnier1).toBe(garnier2);
  });

  it('splits a person of an earlier run found to be two pupils: one keeps the NUMERO_SIEI, the other gets a new one', async () => {
    // First extract: MOREL Inès at one school in 2022-23, then (a new INE) at another since 2023: one girl.
    const before = [
      row('300000011AA', 'MOREL', 'Ines', '02/02/2008', '0442953W', 2022, '04/09/2022', '05/07/2023'),
      row('300000012AA', 'MOREL', 'Ines', '02/02/2008', '0593125B', 2023, '04/09/2023', ''),
      row('300000012AA', 'MOREL', 'Ines', '02/02/2008', '0593125B', 2024, '02/09/2024', ''),
    ];
    const first = await runOn(await makeInputDir({ 'sygne_test.csv': sygne(before) }));
    expect(first.exitCode).toBe(0);
    const db = first.manifest.flags.db as string;
    const [a, b] = await personOf(db, ['300000011AA', '300000012AA']);
    expect(a).toBe(b);
    expect(await listedInes(first.outDir)).toEqual([]);

    // Next month's extract shows the first INE at its school in 2023-24 too, beside the other: two girls.
    const after = [...before, row('300000011AA', 'MOREL', 'Ines', '02/02/2008', '0442953W', 2023, '04/09/2023', '05/07/2024')];
    const second = await runOn(await makeInputDir({ 'sygne_test.csv': sygne(after) }), { db });
    expect(second.exitCode).toBe(0);
    const [a2, b2] = await personOf(db, ['300000011AA', '300000012AA']);
    expect(a2).not.toBe(b2);
    expect([a2, b2]).toContain(a);
    expect(await listedInes(second.outDir)).toEqual(['300000011AA']);
  });
});
