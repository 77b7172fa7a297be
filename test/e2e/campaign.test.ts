import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DECA_CSV, IMILO_CSV, SYGNE_HEADER, makeInputDir, runOn } from '../helpers/input-dir.js';

/**
 * A small campaign whose every outcome is known: one person per rule, checked in key-figures.json and
 * in the PSAD lists (RUN.md contract).
 */
const row = (ine: string, nom: string, prenom1: string, sexe: string, naissance: string, commune: string, annee: number, sortie = '', diplome = '', lieuNaissance = '59350') =>
  `${ine};${nom};;${prenom1};;;${sexe};${naissance};${lieuNaissance};99100;${commune};0442953W;${annee};;3;ST;;${sortie};${diplome}`;

const sygne = [
  SYGNE_HEADER,
  row('100000001AA', 'LEFÈVRE', 'Théo', 'M', '14/03/2008', '62510', 2023), // OF, apprenticeship under "LEFEVRE THEO"
  row('100000002AA', "N'DIAYE", 'Aïcha', 'F', '02/11/2008', '59350', 2023), // OF, mission locale, first names reordered
  row('100000003AA', 'MARTIN', 'Lucas', 'M', '21/07/2008', '59009', 2023), // OF, nothing: listed in PSAD59L
  row('100000004AA', 'DUBOIS', 'Emma', 'F', '05/05/2004', '80021', 2023), // DS only (20), commune without PSAD
  row('100000005AA', 'GARCIA', 'Noé', 'M', '01/01/2008', '59350', 2024), // still enrolled: no population
  row('100000006AA', 'PETIT', 'Léa', 'F', '03/03/2008', '59350', 2023, '', '3'), // OF with CAP: not DS
  row('100000007AA', 'PETIT', 'Léa', 'F', '03/03/2008', '62510', 2023, '', '', '62041'), // homonym born the same day elsewhere
].join('\n') + '\n';

const decaHeader = DECA_CSV.split('\n')[0]!;
const deca = [
  decaHeader,
  '059202400123;0;;LEFEVRE;THEO;1;14/03/2008;59;62580;02/09/2024;31/08/2026;;50022427;0620108F',
  // Nothing but the identity: the two PETIT Léa are equally likely, the contract goes to review.
  '059202400124;0;;PETIT;LEA;2;03/03/2008;;;02/09/2024;31/08/2026;;50022427;0620108F',
].join('\n') + '\n';

const imiloHeader = IMILO_CSV.split('\n')[0]!;
const imilo = [imiloHeader, 'M0002;;NDIAYE;;;Fatou AICHA;F;02/11/2008;;;59350;ML59001;01/12/2024;CEJ;01/12/2024;;;'].join('\n') + '\n';

describe('campaign on a small known input', () => {
  it('computes the populations, statuses, PSAD lists and key figures', async () => {
    const run = await runOn(await makeInputDir({ 'sygne_test.csv': sygne, 'deca_test.csv': deca, 'imilo_test.csv': imilo }));
    expect(run.exitCode).toBe(0);
    const figures = JSON.parse(await readFile(join(run.outDir, 'key-figures.json'), 'utf8'));
    expect(figures).toMatchObject({
      schemaVersion: 1,
      asOf: '2025-01-15',
      of: { identified: 5, compliant: 2, exempted: 0, complianceRate: 0.4 },
      ds: { identified: 5 },
      population: { total: 6, dsAndOf: 4 },
      nonRetrouves: {
        total: 4,
        byPsad: [
          { codePsad: 'NON_DETERMINE', libellePsad: 'Territoire non déterminé', count: 1 },
          { codePsad: 'PSAD59L', libellePsad: 'PSAD de Lille', count: 2 },
          { codePsad: 'PSAD62A', libellePsad: 'PSAD de Lens', count: 1 },
        ],
      },
      found: { scolarise: 0, apprentissage: 1, accompagneMl: 1, suivi: 0 },
      matching: { reviewDeca: 1, reviewImilo: 0 },
    });

    const schema = JSON.parse(await readFile(new URL('../../reports/schemas/key-figures.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020.default({ allErrors: true }).compile(schema);
    expect(validate(figures), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...figures, of: { ...figures.of, complianceRate: 1.5 } })).toBe(false);

    expect((await readdir(join(run.outDir, 'non-retrouves'))).sort()).toEqual(['NON_DETERMINE.csv', 'PSAD59L.csv', 'PSAD62A.csv']);
    const lille = await readFile(join(run.outDir, 'non-retrouves', 'PSAD59L.csv'), 'utf8');
    expect(lille.startsWith('\uFEFFNUMERO_SIEI;INE;NOM;PRENOM;SEXE;DATE_NAISSANCE;CODE_COMMUNE_RESIDENCE;DERNIER_UAI;POPULATION;')).toBe(true);
    const records = parse(lille.slice(1), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r.INE, r.NOM, r.PRENOM, r.DATE_NAISSANCE, r.POPULATION, r.CODE_PSAD])).toEqual([
      ['100000003AA', 'MARTIN', 'Lucas', '21/07/2008', 'DS+OF', 'PSAD59L'],
      ['100000006AA', 'PETIT', 'Léa', '03/03/2008', 'OF', 'PSAD59L'],
    ]);
    for (const r of records) expect(r.NUMERO_SIEI).toMatch(/^S[0-9A-HJKMNP-TV-Z]{10}$/);
    expect((await stat(join(run.outDir, 'non-retrouves', 'PSAD59L.csv'))).mode & 0o777).toBe(0o600);
  });

  it('keeps each person\'s NUMERO_SIEI from one run to the next, even with a new INE', async () => {
    const input = await makeInputDir({ 'sygne_test.csv': sygne, 'deca_test.csv': deca, 'imilo_test.csv': imilo });
    const first = await runOn(input);
    const list = async (out: string) =>
      (parse((await readFile(join(out, 'non-retrouves', 'PSAD59L.csv'), 'utf8')).slice(1), { delimiter: ';', columns: true }) as Record<string, string>[]).map(
        (r) => [r.NOM, r.NUMERO_SIEI],
      );
    // Next month MARTIN Lucas also appears under a new RNIE (same identity and birth place).
    const withNewIne = sygne + row('200000003AB', 'MARTIN', 'Lucas', 'M', '21/07/2008', '59009', 2023) + '\n';
    const second = await runOn(await makeInputDir({ 'sygne_test.csv': withNewIne, 'deca_test.csv': deca, 'imilo_test.csv': imilo }), { db: first.manifest.flags.db as string });
    expect(await list(second.outDir)).toEqual(await list(first.outDir));
    // Every run's figures are kept; the trend has one point per campaign date, the latest run's.
    const trend = JSON.parse(await readFile(join(second.outDir, 'key-figures.json'), 'utf8')).trend;
    expect(trend.map((t: { runId: string; ofIdentified: number; nonRetrouves: number }) => [t.runId, t.ofIdentified, t.nonRetrouves])).toEqual([
      [second.runId, 5, 4],
    ]);
    const third = await runOn(input, { db: first.manifest.flags.db as string, asOf: '2025-02-15' });
    const trend3 = JSON.parse(await readFile(join(third.outDir, 'key-figures.json'), 'utf8')).trend;
    expect(trend3.map((t: { runId: string; asOf: string }) => [t.asOf, t.runId])).toEqual([
      ['2025-01-15', second.runId],
      ['2025-02-15', third.runId],
    ]);
  });
});
