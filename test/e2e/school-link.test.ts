import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYGNE_HEADER, makeInputDir, runOn } from '../helpers/input-dir.js';

/**
 * The probabilistic school deduplication (pipeline/stages/school-link.ts): a leaver who is enrolled
 * elsewhere under a new INE and a variant spelling is one person, not listed; a sibling (birth date one
 * digit off) or a pupil whose history runs beside the leaver's stays apart, and stays listed.
 */
const row = (ine: string, nom: string, prenom1: string, naissance: string, annee: number, entree: string, sortie: string) =>
  `${ine};${nom};;${prenom1};;;M;${naissance};59350;99100;59350;0442953W;${annee};;3;ST;${entree};${sortie};`;

const sygne = [
  SYGNE_HEADER,
  // KEITA Sacha left in July 2024, and is at another school since September under KETA and a new INE.
  row('200000001AA', 'KEITA', 'Sacha', '21/04/2008', 2023, '04/09/2023', '05/07/2024'),
  row('200000002AA', 'KETA', 'Sacha', '21/04/2008', 2024, '02/09/2024', ''),
  // HOUZE Gabriel left; HOUZE Gabriel born 2009, a different boy, is enrolled: not him.
  row('200000003AA', 'HOUZE', 'Gabriel', '06/06/2008', 2023, '04/09/2023', '03/07/2024'),
  row('200000004AA', 'HOUZE', 'Gabriel', '06/06/2009', 2024, '02/09/2024', ''),
  // ROLLAND Lina left in July 2024, while ROLAND Lina (a new INE) was already at school that year.
  row('200000005AA', 'ROLLAND', 'Lina', '15/01/2008', 2023, '04/09/2023', '03/07/2024'),
  row('200000006AA', 'ROLAND', 'Lina', '15/01/2008', 2023, '04/09/2023', ''),
  row('200000006AA', 'ROLAND', 'Lina', '15/01/2008', 2024, '02/09/2024', ''),
].join('\n') + '\n';

describe('school link', () => {
  it('joins a leaver to the same pupil under a new INE, and nobody else', async () => {
    const run = await runOn(await makeInputDir({ 'sygne_test.csv': sygne }));
    expect(run.exitCode).toBe(0);
    const listed: string[] = [];
    for (const f of await readdir(join(run.outDir, 'non-retrouves'))) {
      listed.push(...(await readFile(join(run.outDir, 'non-retrouves', f), 'utf8')).split('\n').slice(1).filter(Boolean).map((l) => l.split(';')[1]!));
    }
    expect(listed.sort()).toEqual(['200000003AA', '200000005AA']);
    const figures = JSON.parse(await readFile(join(run.outDir, 'key-figures.json'), 'utf8'));
    expect(figures.of.identified).toBe(2);
  });
});
