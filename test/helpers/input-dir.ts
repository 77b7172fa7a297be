import { cp, mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeConfig, type RawConfig } from '../../pipeline/config.js';
import { silentLog } from '../../pipeline/log.js';
import { runPipeline, type RunOutcome } from '../../pipeline/run.js';

/** Small valid extracts, one per required source, that tests copy and break one thing at a time. */
export const SYGNE_HEADER =
  'INE;NOM_FAMILLE;NOM_USAGE;PRENOM1;PRENOM2;PRENOM3;SEXE;DATE_NAISSANCE;CODE_COMMUNE_NAISSANCE;CODE_PAYS_NAISSANCE;CODE_COMMUNE_RESIDENCE;UAI;ANNEE_SCOLAIRE;CODE_MEF;NIVEAU_FORMATION;STATUT;DATE_ENTREE;DATE_SORTIE;NIVEAU_DIPLOME_OBTENU';
export const SYGNE_ROWS = [
  '0494004062M;LEFEBVRE;;Théo;Jules;;M;14/03/2008;62498;99100;62510;0620108F;2023;2402242711;3;ST;04/09/2023;17/02/2024;',
  '123456789AB;N\'DIAYE;;Aïcha;;;F;02/11/2008;;99350;59350;0442953W;2024;;4;ST;02/09/2024;;',
  '0756036001M;DE LA FONTAINE;MARTIN;Jean-Baptiste;Noël;;1;2008-07-21;59350;99100;59009;0756036D;2024;;3;AP;;;',
];
export const IMILO_CSV =
  'ID_MILO;NUMERO_SIEI;NOM_NAISSANCE;NOM_USAGE;NOM_MARITAL;PRENOMS;SEXE;DATE_NAISSANCE;CODE_COMMUNE_NAISSANCE;CODE_PAYS_NAISSANCE;CODE_COMMUNE_RESIDENCE;CODE_STRUCTURE;DATE_PREMIER_ACCUEIL;DISPOSITIF;DATE_DEBUT_PARCOURS;DATE_FIN_PARCOURS;MOTIF_FIN;DATE_DERNIER_CONTACT\n' +
  'M0001;;DUPONT;;;Léa Marie;F;02/01/2008;59350;99100;59350;ML59001;10/10/2024;PACEA;10/10/2024;;;05/01/2025\n';
export const DECA_CSV =
  'NO_CONTRAT;NO_AVENANT;STATUT;NOM;PRENOM;SEXE;DATE_NAISSANCE;DEPARTEMENT_NAISSANCE;CODE_POSTAL_RESIDENCE;DATE_DEBUT_CONTRAT;DATE_FIN_CONTRAT;DATE_EFFET_RUPTURE;CODE_DIPLOME;UAI_CFA\n' +
  '059202400123;0;;LEFEVRE;THEO;1;14/03/2008;62;62800;02/09/2024;31/08/2026;;50022427;0620108F\n';
export const COMMUNES_CSV =
  'CODE_COMMUNE;CODE_POSTAL;LIBELLE_COMMUNE;CODE_DEPARTEMENT;CODE_PSAD;LIBELLE_PSAD\n' +
  '62510;62580;Arleux-en-Gohelle;62;PSAD62A;PSAD de Lens\n59350;59000;Lille;59;PSAD59L;PSAD de Lille\n59009;59650;Villeneuve-d\'Ascq;59;PSAD59L;PSAD de Lille\n';

export function sygneCsv(rows: readonly string[] = SYGNE_ROWS): string {
  return [SYGNE_HEADER, ...rows].join('\n') + '\n';
}

export type InputFiles = Record<string, string | Buffer | null>;

/** A temp folder with the four required extracts; `overrides` replace (or, with null, remove) files. */
export async function makeInputDir(overrides: InputFiles = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'siei-in-'));
  const files: InputFiles = {
    'sygne_test.csv': sygneCsv(),
    'imilo_test.csv': IMILO_CSV,
    'deca_test.csv': DECA_CSV,
    'communes_psad.csv': COMMUNES_CSV,
    ...overrides,
  };
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) if (content !== null) await writeFile(join(dir, name), content);
  return dir;
}

/** The committed demo scenario's input folder. */
export const DEMO_INPUT = fileURLToPath(new URL('../../fixtures/scenarios/demo/input', import.meta.url));

/**
 * The demo's inputs copied, with two records added that the matcher must send to review, each the
 * record of a person listed (non retrouvé) under another surname, same first name, birth date and
 * residence: an I-Milo pathway of Gabriel RORECHERT (PSAD0201) and a DECA contract of Mathilde
 * GIMAMIER (PSAD5903), both from September 2024. The demo's own review band (1 DECA question since
 * generator 1.1.0's surnames, about a person not listed) has neither.
 */
export async function demoWithQuestions(): Promise<string> {
  const input = await mkdtemp(join(tmpdir(), 'siei-in-'));
  await cp(DEMO_INPUT, input, { recursive: true });
  const imilo = join(input, 'imilo_hdf.csv');
  await writeFile(imilo, (await readFile(imilo, 'utf8')) + 'ML0201-99999999;;DUPUIS;;;GABRIEL;M;06/06/2008;;99100;02009;ML0201;01/09/2024;PACEA;02/09/2024;;;10/09/2024\n');
  const deca = join(input, 'deca_lille.csv');
  await writeFile(deca, (await readFile(deca, 'utf8')) + '059202499999999;0;;LEROY;MATHILDE;F;26/02/2007;;59550;02/09/2024;01/09/2026;;50022427;0594078M\n');
  return input;
}

export async function tempOutDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'siei-out-'));
}

/** Runs the pipeline in-process, silently, and returns its outcome and output folder. */
export async function runOn(inputDir: string, extra: RawConfig = {}, outDir?: string): Promise<RunOutcome & { outDir: string }> {
  const out = outDir ?? (await tempOutDir());
  const config = normalizeConfig({ input: inputDir, asOf: '2025-01-15', out, maxQuarantineRate: 1, ...extra });
  const outcome = await runPipeline(config, silentLog());
  return { ...outcome, outDir: out };
}

/** quarantine.csv as records (BOM and header removed; `;` split is enough for these test rows' first 7 fields). */
export async function readQuarantine(outDir: string): Promise<{ source: string; file: string; line: number; code: string; field: string; message: string }[]> {
  const text = (await readFile(join(outDir, 'quarantine.csv'), 'utf8')).replace(/^\uFEFF/, '');
  const { parse } = await import('csv-parse/sync');
  const records = parse(text, { delimiter: ';', from_line: 2, relax_column_count: true }) as string[][];
  return records.map((r) => ({ source: r[0]!, file: r[1]!, line: Number(r[2]), code: r[3]!, field: r[4]!, message: r[6]! }));
}
