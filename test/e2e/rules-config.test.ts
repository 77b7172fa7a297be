import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { DECA_CSV, IMILO_CSV, SYGNE_HEADER, makeInputDir, tempOutDir } from '../helpers/input-dir.js';

/**
 * The configuration's campaign rules and matcher thresholds change the campaign as documented, and
 * run.json records the ones used. Three leavers: LEFÈVRE Théo (17, apprenticeship contract), MARTIN
 * Lucas (16, a mission locale contact 4½ months before D, no open pathway), DUBOIS Emma (20, DS only).
 */
const row = (ine: string, nom: string, prenom: string, sexe: string, naissance: string, commune: string) =>
  `${ine};${nom};;${prenom};;;${sexe};${naissance};59350;99100;${commune};0442953W;2023;;3;ST;;;`;
const sygne =
  [
    SYGNE_HEADER,
    row('100000001AA', 'LEFÈVRE', 'Théo', 'M', '14/03/2008', '62510'),
    row('100000003AA', 'MARTIN', 'Lucas', 'M', '21/07/2008', '59009'),
    row('100000004AA', 'DUBOIS', 'Emma', 'F', '05/05/2004', '59350'),
  ].join('\n') + '\n';
const deca = `${DECA_CSV.split('\n')[0]}\n059202400123;0;;LEFEVRE;THEO;1;14/03/2008;59;62580;02/09/2024;31/08/2026;;50022427;0620108F\n`;
const imilo = `${IMILO_CSV.split('\n')[0]}\nM0009;;MARTIN;;;Lucas;M;21/07/2008;59350;99100;59009;ML59001;01/09/2024;;;;;01/09/2024\n`;

async function run(config: object, flags: string[] = []) {
  const out = await tempOutDir();
  const file = join(out, 'siei.json');
  await writeFile(file, JSON.stringify({ input: input ?? (input = await makeInputDir({ 'sygne_test.csv': sygne, 'deca_test.csv': deca, 'imilo_test.csv': imilo })), out, asOf: '2025-01-15', ...config }));
  const r = runCli(['run', '--config', file, '--log-format', 'json', ...flags]);
  expect(r.status, r.stderr).toBe(0);
  return {
    figures: JSON.parse(await readFile(join(out, 'key-figures.json'), 'utf8')),
    manifest: JSON.parse(await readFile(join(out, 'run.json'), 'utf8')),
  };
}
let input: string | undefined;

describe('campaign rules and matcher thresholds from the configuration', () => {
  it('applies the defaults: the contact 4½ months before D is outside the 3-month window', async () => {
    const { figures, manifest } = await run({});
    expect(figures).toMatchObject({ ds: { identified: 3 }, of: { identified: 2, compliant: 1 }, found: { apprentissage: 1, accompagneMl: 0 }, nonRetrouves: { total: 2 } });
    expect(manifest.campaignRules).toEqual({ lookBackMonths: 12, leaverMinAge: 16, ds: { minAge: 16, maxAge: 25, diplomaLevelBelow: 3 }, of: { minAge: 16, maxAgeExclusive: 18 }, mlRecentContactMonths: 3 });
    expect(manifest.matcher.settings).toMatchObject({ matchWeight: 18, reviewWeight: 10, minMargin: 6 });
  });

  it('uses the ages and the I-Milo contact window of the campaign section', async () => {
    const { figures, manifest } = await run({ campaign: { ds: { maxAge: 19 }, mlRecentContactMonths: 6 } });
    // DUBOIS (20) leaves the DS, hence both populations; MARTIN's contact now counts.
    expect(figures).toMatchObject({ ds: { identified: 2 }, of: { identified: 2, compliant: 2 }, population: { total: 2 }, found: { apprentissage: 1, accompagneMl: 1 }, nonRetrouves: { total: 0 } });
    expect(manifest.campaignRules).toMatchObject({ ds: { minAge: 16, maxAge: 19, diplomaLevelBelow: 3 }, mlRecentContactMonths: 6 });
  });

  it('uses the thresholds of the matcher section, a flag winning over the file', async () => {
    // No link can reach 100 bits: the contract goes to review, LEFÈVRE is listed.
    const { figures, manifest } = await run({ matcher: { matchWeight: 30, reviewWeight: 5 } }, ['--match-weight', '100']);
    expect(figures).toMatchObject({ found: { apprentissage: 0, accompagneMl: 0 }, matching: { reviewDeca: 1, reviewImilo: 0 }, nonRetrouves: { total: 3 } });
    expect(manifest.matcher.settings).toMatchObject({ matchWeight: 100, reviewWeight: 5, minMargin: 6 });
  });

  it('refuses a threshold flag that is not a number, or a review threshold above the link threshold (exit 2)', async () => {
    const bad = runCli(['run', '--input', 'x', '--out', 'y', '--as-of', '2025-01-15', '--match-weight', 'high', '--review-weight', '12']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Invalid option `--match-weight`: expected a number from 1 to 100, got "high"');
    const crossed = runCli(['run', '--input', 'x', '--out', 'y', '--as-of', '2025-01-15', '--match-weight', '12', '--review-weight', '12']);
    expect(crossed.status).toBe(2);
    expect(crossed.stderr).toContain('Invalid option `--review-weight`: expected a weight below the match weight (12), got 12');
  });
});
