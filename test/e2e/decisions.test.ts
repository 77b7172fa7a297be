import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { DECA_CSV, SYGNE_HEADER, demoWithQuestions, makeInputDir, readQuarantine, runOn, tempOutDir } from '../helpers/input-dir.js';

/**
 * Issue 4, point 5: the review band goes to review.csv; the answers a person writes back (the filled-in
 * review.csv itself, saved as decisions_….csv in the input folder) are applied in later runs, even once
 * the file has left the folder, and the questions answered are not asked again.
 */
type Row = Record<string, string>;
const readCsv = async (file: string): Promise<Row[]> => parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Row[];
const listed = async (outDir: string): Promise<Set<string>> => {
  const ids = new Set<string>();
  for (const f of await readdir(join(outDir, 'non-retrouves'))) for (const r of await readCsv(join(outDir, 'non-retrouves', f))) ids.add(r.NUMERO_SIEI!);
  return ids;
};
const figures = async (outDir: string) => JSON.parse(await readFile(join(outDir, 'key-figures.json'), 'utf8'));

/**
 * The questions a reviewer answers, chosen from the demo's review.csv by what they show rather than
 * by identifier, so that a matcher change that settles one of them does not silently void the test:
 * OUI to a DECA record and to an I-Milo record whose candidate is listed (non retrouvé), so that each
 * must become found; NON to another question, preferably about a listed person; the rest left blank.
 * On the demo with the two records demoWithQuestions adds (2026-12-07), review.csv holds 3 questions;
 * the NON here only shows what a NON does.
 */
function chooseAnswers(questions: Row[], listed: Set<string>) {
  const open = questions.filter((q) => listed.has(q.NUMERO_SIEI!));
  const ouiDeca = open.find((q) => q.SOURCE === 'deca' && q.ID_ENREGISTREMENT!.startsWith('0'));
  const ouiImilo = open.find((q) => q.SOURCE === 'imilo' && q.NUMERO_SIEI !== ouiDeca?.NUMERO_SIEI);
  const others = questions.filter((q) => q !== ouiDeca && q !== ouiImilo && q.NUMERO_SIEI !== ouiDeca?.NUMERO_SIEI && q.NUMERO_SIEI !== ouiImilo?.NUMERO_SIEI);
  const non = others.find((q) => listed.has(q.NUMERO_SIEI!)) ?? others[0];
  const why = 'the demo review.csv no longer has the questions this test needs (see chooseAnswers): give it a scenario that does, do not weaken it';
  expect(ouiDeca, why).toBeDefined();
  expect(ouiImilo, why).toBeDefined();
  expect(non, why).toBeDefined();
  return { ouiDeca: ouiDeca!, ouiImilo: ouiImilo!, non: non!, undecided: questions.filter((q) => q !== ouiDeca && q !== ouiImilo && q !== non) };
}
const question = (q: Row) => [q.SOURCE, q.ID_ENREGISTREMENT, q.NUMERO_SIEI];

describe('review decisions written back', () => {
  it('applies OUI and NON in later runs, never asks them again, and keeps them once the file is gone', { timeout: 240_000 }, async () => {
    const input = await demoWithQuestions();
    const out = await tempOutDir();

    // Run 1: the questions.
    const first = await runOn(input, { maxQuarantineRate: 0.05 }, out);
    expect(first.exitCode).toBe(0);
    const questions = await readCsv(join(out, 'review.csv'));
    expect(Object.keys(questions[0]!).slice(0, 4)).toEqual(['SOURCE', 'ID_ENREGISTREMENT', 'NUMERO_SIEI', 'DECISION']);
    expect(questions.every((q) => q.DECISION === '')).toBe(true);
    const before = await figures(out);
    const listedBefore = await listed(out);
    const { ouiDeca, ouiImilo, non, undecided } = chooseAnswers(questions, listedBefore);

    // The reviewer fills DECISION in review.csv, in the ways people write it, and saves it in the
    // input folder as a spreadsheet would: the contract number without its leading zero.
    const answer = new Map<Row, string>([[ouiDeca, 'Oui'], [ouiImilo, '1'], [non, 'n']]);
    const text = (await readFile(join(out, 'review.csv'), 'utf8')).replace(/^\uFEFF/, '');
    const [header, ...lines] = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(questions.length);
    const filled = lines.map((line, i) => {
      const cells = line.split(';');
      cells[3] = answer.get(questions[i]!) ?? '';
      if (questions[i] === ouiDeca) cells[1] = cells[1]!.replace(/^0+/, '');
      return cells.join(';');
    });
    await writeFile(join(input, 'decisions_2025-02.csv'), '\uFEFF' + [header, ...filled].join('\r\n') + '\r\n');

    // Run 2: the answers apply.
    const second = await runOn(input, { maxQuarantineRate: 0.05 }, out);
    expect(second.exitCode).toBe(0);
    expect(second.manifest.inputs.find((i) => i.source === 'decisions')).toMatchObject({ file: 'decisions_2025-02.csv', rows: questions.length, stored: questions.length, quarantined: 0, reused: false });
    expect(second.manifest.decisions).toEqual({ inForce: { oui: 2, non: 1 }, undecidedRows: undecided.length, linkedByDecision: 2, excludedPairs: 1, unknownNumeroSiei: [] });
    // Only the unanswered questions are asked again.
    const remaining = await readCsv(join(out, 'review.csv'));
    expect(remaining.map(question)).toEqual(undecided.map(question));
    // The two OUI are found (one apprenticeship, one mission locale): exactly two people fewer listed.
    const after = await figures(out);
    expect(after.found).toEqual({ ...before.found, apprentissage: before.found.apprentissage + 1, accompagneMl: before.found.accompagneMl + 1 });
    expect(after.nonRetrouves.total).toBe(before.nonRetrouves.total - 2);
    expect(after.matching).toEqual({ reviewDeca: undecided.filter((q) => q.SOURCE === 'deca').length, reviewImilo: undecided.filter((q) => q.SOURCE === 'imilo').length });
    const listedAfter = await listed(out);
    expect([...listedBefore].filter((id) => !listedAfter.has(id)).sort()).toEqual([ouiDeca.NUMERO_SIEI, ouiImilo.NUMERO_SIEI].sort());
    // The NON pair is not linked: the person's outcome is that of run 1, without the record.
    const db = new SQLite(join(out, 'siei.db'), { readonly: true });
    const person = (runId: string, siei: string) =>
      db.prepare('SELECT status, found_by_json FROM campaign_person WHERE run_id = ? AND numero_siei = ?').get(runId, siei) as { status: string; found_by_json: string } | undefined;
    try {
      expect(person(second.runId, ouiDeca.NUMERO_SIEI!)?.status).toBe('apprentissage');
      expect(JSON.parse(person(second.runId, ouiDeca.NUMERO_SIEI!)!.found_by_json)).toEqual([{ source: 'apprentissage', file: expect.any(Number), line: Number(ouiDeca.LIGNE), weight: null, by: 'decision' }]);
      expect(person(second.runId, ouiImilo.NUMERO_SIEI!)?.status).toBe('accompagne_ml');
      expect(person(second.runId, non.NUMERO_SIEI!)).toEqual(person(first.runId, non.NUMERO_SIEI!));
      expect(person(second.runId, non.NUMERO_SIEI!)?.found_by_json ?? '[]').not.toContain(`"line":${non.LIGNE},`);
    } finally {
      db.close();
    }
    // `siei explain` says why.
    const label = (q: Row) => (q.SOURCE === 'deca' ? 'DECA' : 'I-Milo');
    expect(runCli(['explain', ouiDeca.NUMERO_SIEI!, '--out', out]).stdout).toContain(`DECA ${ouiDeca.FICHIER}, line ${ouiDeca.LIGNE}: linked by a review decision (OUI).`);
    if (listedBefore.has(non.NUMERO_SIEI!)) {
      expect(runCli(['explain', non.NUMERO_SIEI!, '--out', out]).stdout).toContain(`${label(non)} ${non.FICHIER}, line ${non.LIGNE}: `);
      expect(runCli(['explain', non.NUMERO_SIEI!, '--out', out]).stdout).toMatch(/ — NOT this person \(review decision NON\)/);
    }

    // Run 3: the file has left the input folder; the decisions stay.
    await rename(join(input, 'decisions_2025-02.csv'), join(out, 'decisions_2025-02.csv'));
    const third = await runOn(input, { maxQuarantineRate: 0.05 }, out);
    expect(third.exitCode).toBe(0);
    expect(third.manifest.inputs.some((i) => i.source === 'decisions')).toBe(false);
    expect(third.manifest.decisions).toEqual({ ...second.manifest.decisions, undecidedRows: 0 });
    expect((await readCsv(join(out, 'review.csv'))).map(question)).toEqual(undecided.map(question));
    expect((await figures(out)).found).toEqual(after.found);
    expect(await listed(out)).toEqual(listedAfter);

    // Run 4: the same file delivered again under another name is not read again and changes nothing.
    await rename(join(out, 'decisions_2025-02.csv'), join(input, 'DECISIONS-copie.csv'));
    const fourth = await runOn(input, { maxQuarantineRate: 0.05 }, out);
    expect(fourth.manifest.inputs.find((i) => i.source === 'decisions')).toMatchObject({ reused: true, rows: questions.length });
    expect(fourth.manifest.decisions).toEqual(second.manifest.decisions);
    expect((await figures(out)).found).toEqual(after.found);
    expect(await listed(out)).toEqual(listedAfter);
  });

  it('a later answer replaces an earlier one; an empty one does not', { timeout: 240_000 }, async () => {
    const input = await demoWithQuestions();
    const out = await tempOutDir();
    await runOn(input, { maxQuarantineRate: 0.05 }, out);
    const before = await figures(out);
    const { ouiDeca: q } = chooseAnswers(await readCsv(join(out, 'review.csv')), await listed(out));
    const head = 'SOURCE;ID_ENREGISTREMENT;NUMERO_SIEI;DECISION;DATE_DECISION;AUTEUR\n';
    await writeFile(join(input, 'decisions_1.csv'), `${head}deca;${q.ID_ENREGISTREMENT};${q.NUMERO_SIEI};OUI;03/02/2025;PSAD\n`);
    // Typed by hand: source upper-cased, the identifier forced to text, the NUMERO_SIEI lower-cased.
    await writeFile(join(input, 'decisions_2.csv'), `${head}DECA;="${q.ID_ENREGISTREMENT}";${q.NUMERO_SIEI!.toLowerCase()};NON;10/02/2025;PSAD\ndeca;${q.ID_ENREGISTREMENT};${q.NUMERO_SIEI};;;\n`);
    const second = await runOn(input, { maxQuarantineRate: 0.05 }, out);
    expect(second.manifest.decisions).toEqual({ inForce: { oui: 0, non: 1 }, undecidedRows: 1, linkedByDecision: 0, excludedPairs: 1, unknownNumeroSiei: [] });
    expect((await figures(out)).found).toEqual(before.found);
    expect((await readCsv(join(out, 'review.csv'))).some((r) => r.ID_ENREGISTREMENT === q.ID_ENREGISTREMENT)).toBe(false);
  });
});

describe('decisions on a small input', () => {
  // As in explain.test.ts: the contract links to LEFÈVRE Théo by the matcher.
  const small = (extra: Record<string, string> = {}) =>
    makeInputDir({
      'sygne_test.csv': `${SYGNE_HEADER}\n100000001AA;LEFÈVRE;;Théo;;;M;14/03/2008;59350;99100;62510;0442953W;2023;;3;ST;;;\n100000003AA;MARTIN;;Lucas;;;M;21/07/2008;59350;99100;59009;0442953W;2023;;3;ST;;;\n`,
      'deca_test.csv': `${DECA_CSV.split('\n')[0]}\n059202400123;0;;LEFEVRE;THEO;1;14/03/2008;59;62580;02/09/2024;31/08/2026;;50022427;0620108F\n`,
      ...extra,
    });
  it('NON undoes a link the matcher made, and holds after the file and its input_file row are gone (a purge)', async () => {
    const out = await tempOutDir();
    const first = await runOn(await small(), {}, out);
    const db = () => new SQLite(join(out, 'siei.db'));
    const statusOf = (runId: string) => {
      const d = db();
      try {
        return d
          .prepare(`SELECT c.status FROM campaign_person c JOIN person_ine pi ON pi.person_id = c.person_id WHERE c.run_id = ? AND pi.ine = '100000001AA'`)
          .pluck()
          .get(runId);
      } finally {
        d.close();
      }
    };
    expect(statusOf(first.runId)).toBe('apprentissage'); // DECA 059202400123 "LEFEVRE THEO" linked by the matcher
    const d = db();
    const siei = d.prepare(`SELECT p.numero_siei FROM person p JOIN person_ine pi ON pi.person_id = p.person_id WHERE pi.ine = '100000001AA'`).pluck().get() as string;
    d.close();
    const second = await runOn(await small({ 'decisions_x.csv': `SOURCE;ID_ENREGISTREMENT;NUMERO_SIEI;DECISION\ndeca;059202400123;${siei};NON\n` }), {}, out);
    expect(second.manifest.decisions).toMatchObject({ inForce: { oui: 0, non: 1 }, excludedPairs: 1 });
    expect(statusOf(second.runId)).toBe('non_retrouve');
    expect(await listed(out)).toContain(siei);
    // What a purge of unused input files does to the decisions file (pipeline/purge on the ops branch).
    const p = db();
    p.exec(`DELETE FROM run_input WHERE input_file_id IN (SELECT input_file_id FROM input_file WHERE source = 'decisions')`);
    p.exec(`DELETE FROM input_file WHERE source = 'decisions'`);
    p.close();
    const third = await runOn(await small(), {}, out);
    expect(third.manifest.decisions).toMatchObject({ inForce: { oui: 0, non: 1 }, excludedPairs: 1 });
    expect(statusOf(third.runId)).toBe('non_retrouve');
  });
});

describe('bad decisions files', () => {
  const head = 'SOURCE;ID_ENREGISTREMENT;NUMERO_SIEI;DECISION\n';

  it('an invalid DECISION is quarantined with file, line and field; an unknown NUMERO_SIEI is a warning; an empty one is counted', async () => {
    const file = head + 'deca;059202400123;S0000000000;OUI\n' + 'deca;059202400123;S0000000001;PEUT-ETRE\n' + 'imilo;M0001;S0000000002;\n';
    const run = await runOn(await makeInputDir({ 'decisions_psad.csv': file }));
    expect(run.exitCode).toBe(0);
    expect(run.manifest.inputs.find((i) => i.source === 'decisions')).toMatchObject({ rows: 3, stored: 2, quarantined: 1 });
    expect((await readQuarantine(run.outDir)).filter((q) => q.source === 'decisions')).toEqual([
      {
        source: 'decisions', file: 'decisions_psad.csv', line: 3, code: 'ROW_INVALID_ENUM', field: 'DECISION',
        message: '"PEUT-ETRE" is not one of OUI, NON (also accepted: O, N, 1, 0)',
      },
    ]);
    // The answer about an unknown NUMERO_SIEI is stored but in force for nobody.
    expect(run.manifest.decisions).toEqual({ inForce: { oui: 0, non: 0 }, undecidedRows: 1, linkedByDecision: 0, excludedPairs: 0, unknownNumeroSiei: [{ file: 'decisions_psad.csv', line: 2 }] });
  });

  it('through the CLI: exit 4 past the quarantine rate, the unknown NUMERO_SIEI logged with its file and line', async () => {
    const file = head + 'deca;059202400123;S0000000000;OUI\n' + 'deca;059202400123;S0000000001;PEUT-ETRE\n';
    const out = await tempOutDir();
    const r = runCli(['run', '--input', await makeInputDir({ 'decisions_psad.csv': file }), '--as-of', '2025-01-15', '--out', out, '--log-format', 'json', '--log-level', 'warn']);
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('decisions_psad.csv: 1 of 2 rows quarantined');
    const events = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(events.filter((e) => e.event === 'decisions.unknown_numero_siei')).toEqual([
      expect.objectContaining({ file: 'decisions_psad.csv', line: 2, field: 'NUMERO_SIEI', msg: 'decisions_psad.csv, line 2, field NUMERO_SIEI: no person of the database has this number; the decision is ignored' }),
    ]);
    expect(r.stderr).not.toContain('S0000000000');
  });

  it('siei run --help lists the decisions input', () => {
    const help = runCli(['run', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('decisions*.csv');
    expect(help.stdout).toMatch(/review\.csv\s+records the matcher could not decide on: fill DECISION/);
  });

  it('a missing required column stops the run (exit 3) naming the file, the line and the column', async () => {
    const out = await tempOutDir();
    const input = await makeInputDir({ 'decisions_psad.csv': 'SOURCE;ID_ENREGISTREMENT;NUMERO_SIEI;AUTEUR\ndeca;059202400123;S0000000000;X\n' });
    const r = runCli(['run', '--input', input, '--as-of', '2025-01-15', '--out', out, '--log-level', 'error']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('COLUMN_MISSING');
    expect(r.stderr).toContain('decisions_psad.csv, line 1: missing required column DECISION');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
