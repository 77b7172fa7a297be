import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SYGNE_HEADER, makeInputDir, runOn } from '../helpers/input-dir.js';

/**
 * The PSAD follow-up comes back as `suivi` keyed by the NUMERO_SIEI printed on the lists: a solution
 * recorded by a PSAD makes an OF person compliant, `exempte_sante` takes them out of the rate, and a
 * situation dated after the campaign date does not count yet.
 */
const row = (ine: string, nom: string, prenom: string, naissance: string) => `${ine};${nom};;${prenom};;;M;${naissance};59350;99100;59350;0442953W;2023;;3;ST;;;`;
const sygne = [SYGNE_HEADER, row('100000001AA', 'MARTIN', 'Lucas', '21/07/2008'), row('100000002AA', 'DUBOIS', 'Hugo', '02/02/2008'), row('100000003AA', 'PETIT', 'Noé', '03/03/2008'), row('100000004AA', 'ROUX', 'Léo', '04/04/2008')].join('\n') + '\n';

describe('suivi', () => {
  it('counts solutions recorded by the PSAD and excludes exempted people from the OF rate', async () => {
    const first = await runOn(await makeInputDir({ 'sygne_test.csv': sygne }));
    const list = parse((await readFile(join(first.outDir, 'non-retrouves', 'PSAD59L.csv'), 'utf8')).slice(1), { delimiter: ';', columns: true }) as Record<string, string>[];
    const siei = Object.fromEntries(list.map((r) => [r.NOM!, r.NUMERO_SIEI!]));
    expect(Object.keys(siei).sort()).toEqual(['DUBOIS', 'MARTIN', 'PETIT', 'ROUX']);
    const before = JSON.parse(await readFile(join(first.outDir, 'key-figures.json'), 'utf8'));
    expect(before.of).toEqual({ identified: 4, compliant: 0, exempted: 0, complianceRate: 0 });

    const suivi =
      'NUMERO_SIEI;DATE_SITUATION;SITUATION;CODE_PSAD\n' +
      `${siei.MARTIN};10/01/2025;emploi;PSAD59L\n` +
      `${siei.DUBOIS};05/01/2025;exempte_sante;PSAD59L\n` +
      `${siei.PETIT};20/12/2024;injoignable;PSAD59L\n` +
      `${siei.PETIT};20/01/2025;service_civique;PSAD59L\n`; // after D: not yet
    const second = await runOn(await makeInputDir({ 'sygne_test.csv': sygne, 'suivi_psad.csv': suivi }), { db: first.manifest.flags.db as string });
    const after = JSON.parse(await readFile(join(second.outDir, 'key-figures.json'), 'utf8'));
    expect(after.of).toEqual({ identified: 4, compliant: 1, exempted: 1, complianceRate: 0.3333 });
    expect(after.found.suivi).toBe(1);
    expect(after.followUp).toEqual({ withSituation: 3, coverage: 0.75 });
    const lille = parse((await readFile(join(second.outDir, 'non-retrouves', 'PSAD59L.csv'), 'utf8')).slice(1), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(lille.map((r) => [r.NOM, r.NUMERO_SIEI === siei[r.NOM!], r.DERNIERE_SITUATION, r.DATE_DERNIERE_SITUATION])).toEqual([
      ['DUBOIS', true, 'exempte_sante', '05/01/2025'],
      ['MARTIN', true, 'emploi', '10/01/2025'],
      ['PETIT', true, 'injoignable', '20/12/2024'],
      ['ROUX', true, '', ''],
    ]);
  });
});
