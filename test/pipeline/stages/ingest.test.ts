import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/database.js';
import { currentDecaVersions } from '../../../pipeline/db/repositories/deca.repository.js';
import { SYGNE_ROWS, makeInputDir, runOn, sygneCsv, DECA_CSV } from '../../helpers/input-dir.js';

async function storedNames(dbFile: string, runId: string): Promise<string[][]> {
  const store = await openDatabase(dbFile);
  try {
    return (
      store.sqlite
        .prepare(
          `SELECT e.nom_famille, e.nom_usage, e.prenom1, e.prenom2 FROM enrolment e
           JOIN run_input r ON r.input_file_id = e.input_file_id AND r.run_id = ? ORDER BY e.line`,
        )
        .raw()
        .all(runId) as string[][]
    );
  } finally {
    await store.close();
  }
}

describe('encodings and layouts', () => {
  const names = ['LEFEBVRE', null, 'Théo', 'Jules'];

  it('a Windows-1252 file stores exactly the names of its UTF-8 twin', async () => {
    const text = sygneCsv();
    const utf8 = await runOn(await makeInputDir({ 'sygne_test.csv': text }));
    const cp1252 = await runOn(await makeInputDir({ 'sygne_test.csv': iconv.encode(text, 'win1252') }));
    const bom = await runOn(await makeInputDir({ 'sygne_test.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) }));
    const a = await storedNames(utf8.manifest.flags.db as string, utf8.runId);
    expect(a[0]).toEqual(names);
    expect(a.map((r) => r[2])).toEqual(['Théo', 'Aïcha', 'Jean-Baptiste']);
    expect(await storedNames(cp1252.manifest.flags.db as string, cp1252.runId)).toEqual(a);
    expect(await storedNames(bom.manifest.flags.db as string, bom.runId)).toEqual(a);
    expect(utf8.manifest.inputs.find((i) => i.source === 'sygne')!.encoding).toBe('utf-8');
    expect(cp1252.manifest.inputs.find((i) => i.source === 'sygne')!.encoding).toBe('windows-1252');
  });

  it('ISO-8859-15 is recognised by its letters (Œ) and read without mojibake', async () => {
    const text = sygneCsv([SYGNE_ROWS[0]!.replace('LEFEBVRE', 'CŒUR')]);
    const run = await runOn(await makeInputDir({ 'sygne_test.csv': iconv.encode(text, 'iso-8859-15') }));
    expect(run.manifest.inputs.find((i) => i.source === 'sygne')!.encoding).toBe('iso-8859-15');
    expect((await storedNames(run.manifest.flags.db as string, run.runId))[0]![0]).toBe('CŒUR');
  });

  it.each([',', '\t'])('detects the %j separator from the header', async (sep) => {
    const text = sygneCsv().replace(/;/g, sep);
    const run = await runOn(await makeInputDir({ 'sygne_test.csv': text }));
    const sygne = run.manifest.inputs.find((i) => i.source === 'sygne')!;
    expect(sygne.separator).toBe(sep === '\t' ? 'tab' : sep);
    expect(sygne).toMatchObject({ rows: 3, stored: 3, quarantined: 0 });
  });

  it('matches headers ignoring case, spaces and accents; reports unknown columns once', async () => {
    const text = sygneCsv()
      .replace('DATE_NAISSANCE', ' Date naissance ')
      .replace('PRENOM1', 'prénom1')
      .replace('NIVEAU_DIPLOME_OBTENU', 'NIVEAU_DIPLOME_OBTENU;COMMENTAIRE')
      .replace(/;\n/g, ';;\n');
    const run = await runOn(await makeInputDir({ 'sygne_test.csv': text }));
    const sygne = run.manifest.inputs.find((i) => i.source === 'sygne')!;
    expect(sygne).toMatchObject({ stored: 3, quarantined: 0, ignoredColumns: ['COMMENTAIRE'] });
  });
});

describe('counts and lineage', () => {
  it('every row is stored or quarantined, rows = stored + quarantined for every file, with lineage', async () => {
    const rows = [SYGNE_ROWS[0]!, SYGNE_ROWS[0]!, 'garbage', SYGNE_ROWS[1]!.replace('F;02/11', 'X;02/11'), SYGNE_ROWS[2]!, '', SYGNE_ROWS[1]!];
    const run = await runOn(await makeInputDir({ 'sygne_test.csv': sygneCsv(rows) }));
    for (const input of run.manifest.inputs) expect(input.rows).toBe(input.stored + input.quarantined);
    const sygne = run.manifest.inputs.find((i) => i.source === 'sygne')!;
    // 7 lines, one blank: 6 rows.
    expect(sygne).toMatchObject({ rows: 6, stored: 3, quarantined: 3 });
    expect(sygne.quarantinedByCode).toEqual({ ROW_DUPLICATE: 1, ROW_FIELD_COUNT: 1, ROW_INVALID_SEX: 1 });
    const store = await openDatabase(run.manifest.flags.db as string);
    try {
      const lineage = store.sqlite.prepare('SELECT source, line, run_id FROM enrolment ORDER BY line').all();
      expect(lineage).toEqual([
        { source: 'sygne', line: 2, run_id: run.runId },
        { source: 'sygne', line: 6, run_id: run.runId },
        { source: 'sygne', line: 8, run_id: run.runId },
      ]);
    } finally {
      await store.close();
    }
  });

  it('an unchanged file is not ingested again: the next run links to the stored rows', async () => {
    const input = await makeInputDir();
    const first = await runOn(input);
    const second = await runOn(input, { db: first.manifest.flags.db as string });
    expect(second.manifest.inputs.every((i) => i.reused)).toBe(true);
    expect(second.manifest.inputs.map((i) => [i.rows, i.stored])).toEqual(first.manifest.inputs.map((i) => [i.rows, i.stored]));
    const store = await openDatabase(first.manifest.flags.db as string);
    try {
      expect(store.sqlite.prepare('SELECT count(*) FROM enrolment').pluck().get()).toBe(3);
    } finally {
      await store.close();
    }
  });
});

describe('DECA: the latest non-cancelled version of each contract', () => {
  it('follows amendments and ignores Annulé/Supprimé versions, whatever their accents and case', async () => {
    const header = DECA_CSV.split('\n')[0]!;
    const v = (contrat: string, avenant: string, statut: string, fin = '31/08/2026', rupture = '') =>
      `${contrat};${avenant};${statut};LEFEVRE;THEO;1;14/03/2008;62;62800;02/09/2024;${fin};${rupture};50022427;0620108F`;
    const deca = [
      header,
      v('C1', '', ''), // original
      v('C1', '1', 'Corrigé', '30/06/2026'), // amendment 1: counts
      v('C1', '2', 'ANNULE', '31/12/2026'), // amendment 2 cancelled: amendment 1 stays current
      v('C2', '0', 'annulé'), // cancelled original, nothing else: no current version
      v('C3', '0', ''),
      v('C3', '1', 'Rompu', '31/08/2026', '15/12/2024'), // broken: current, with its rupture date
      v('C4', '0', 'supprimé'),
      v('C4', '1', ''),
    ].join('\n') + '\n';
    const run = await runOn(await makeInputDir({ 'deca_test.csv': deca }));
    expect(run.manifest.inputs.find((i) => i.source === 'deca')).toMatchObject({ rows: 8, stored: 8, quarantined: 0 });
    const store = await openDatabase(run.manifest.flags.db as string);
    try {
      const current = [...currentDecaVersions(store.sqlite, run.runId)];
      expect(current.map((c) => [c.no_contrat, c.no_avenant, c.statut, c.date_fin_contrat, c.date_effet_rupture])).toEqual([
        ['C1', 1, 'CORRIGE', '2026-06-30', null],
        ['C3', 1, 'ROMPU', '2026-08-31', '2024-12-15'],
        ['C4', 1, null, '2026-08-31', null],
      ]);
    } finally {
      await store.close();
    }
  });

  it('quarantines an unknown status rather than reading it as a live contract', async () => {
    const header = DECA_CSV.split('\n')[0]!;
    const row = '059202400123;0;Suspendu;LEFEVRE;THEO;1;14/03/2008;62;62800;02/09/2024;31/08/2026;;50022427;0620108F';
    const run = await runOn(await makeInputDir({ 'deca_test.csv': `${header}\n${DECA_CSV.split('\n')[1]}\n${row}\n` }));
    expect(run.manifest.inputs.find((i) => i.source === 'deca')).toMatchObject({ stored: 1, quarantined: 1, quarantinedByCode: { ROW_INVALID_ENUM: 1 } });
  });
});
