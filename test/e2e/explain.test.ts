import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { DECA_CSV, SYGNE_HEADER, makeInputDir, runOn } from '../helpers/input-dir.js';

const sygne =
  [
    SYGNE_HEADER,
    '100000001AA;LEFÈVRE;;Théo;;;M;14/03/2008;59350;99100;62510;0442953W;2023;;3;ST;;;',
    '100000003AA;MARTIN;;Lucas;;;M;21/07/2008;59350;99100;59009;0442953W;2023;;3;ST;;;',
  ].join('\n') + '\n';
const deca = `${DECA_CSV.split('\n')[0]}\n059202400123;0;;LEFEVRE;THEO;1;14/03/2008;59;62580;02/09/2024;31/08/2026;;50022427;0620108F\n`;

describe('siei explain', () => {
  it('shows, field by field, why a person was found, and that another was not', async () => {
    const run = await runOn(await makeInputDir({ 'sygne_test.csv': sygne, 'deca_test.csv': deca }));
    const found = runCli(['explain', '100000001AA', '--out', run.outDir]);
    expect(found.status).toBe(0);
    expect(found.stdout).toContain('status apprentissage');
    expect(found.stdout).toMatch(/DECA deca_test\.csv, line 2: LEFEVRE THEO 2008-03-14 — total [\d.]+ — LINKED to this person/);
    expect(found.stdout).toMatch(/birth_date\s+exact\s+\+/);
    const notFound = runCli(['explain', '100000003AA', '--out', run.outDir]);
    expect(notFound.stdout).toContain('status non_retrouve (list PSAD59L)');
    expect(notFound.stdout).toContain('0 solution record(s)');
  });

  it('explains a run that reused the campaign of an earlier one as it explained that one', async () => {
    const input = await makeInputDir({ 'sygne_test.csv': sygne, 'deca_test.csv': deca });
    const first = await runOn(input);
    const before = runCli(['explain', '100000001AA', '--out', first.outDir]).stdout;
    const again = await runOn(input, {}, first.outDir);
    expect(again.manifest.campaignReusedFrom).toBe(first.runId);
    const after = runCli(['explain', '100000001AA', '--out', first.outDir]).stdout;
    expect(after).toContain('status apprentissage');
    expect(after.split(again.runId).join('<run>')).toBe(before.split(first.runId).join('<run>'));
  });

  it('exits 2 for an unknown identifier and 3 for a folder without a run', async () => {
    const run = await runOn(await makeInputDir({ 'sygne_test.csv': sygne, 'deca_test.csv': deca }));
    expect(runCli(['explain', 'S0000000000', '--out', run.outDir]).status).toBe(2);
    const none = runCli(['explain', 'S0000000000', '--out', '/nonexistent']);
    expect(none.status).toBe(3);
    expect(none.stderr).toContain('run.json cannot be read');
  });
});
