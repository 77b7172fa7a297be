import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { createAtomicStream, MODE_PERSONAL, swapDirectory, type AtomicStream } from '../pipeline/atomic-write.js';
import { isoToFrench } from '../pipeline/normalize/dates.js';
import { UNDETERMINED_PSAD_LABEL } from '../pipeline/stages/campaign.stage.js';
import { BOM, csvLine } from './csv/csv-format.js';

/**
 * `non-retrouves/<CODE_PSAD>.csv`: one list per PSAD of the referential (empty ones too, so that
 * every PSAD gets its file), plus `NON_DETERMINE.csv` when some residences have no PSAD. `;`,
 * UTF-8 with BOM, dates JJ/MM/AAAA (French Excel), owner-only. Sorted by name so that a counsellor
 * finds a person, with NUMERO_SIEI last as a tie-breaker so the order is stable.
 *
 * The folder is written beside the old one and swapped in, so that a reader never sees a mix of
 * two runs' lists.
 */
export const LIST_COLUMNS = [
  'NUMERO_SIEI', 'INE', 'NOM', 'PRENOM', 'SEXE', 'DATE_NAISSANCE', 'CODE_COMMUNE_RESIDENCE', 'DERNIER_UAI', 'POPULATION',
  'NOM_USAGE', 'AUTRES_PRENOMS', 'DERNIER_MEF', 'DERNIERE_ANNEE_SCOLAIRE', 'DATE_SORTIE', 'NIVEAU_DIPLOME',
  'CODE_PSAD', 'DERNIERE_SITUATION', 'DATE_DERNIERE_SITUATION',
  'LIBELLE_COMMUNE_RESIDENCE', 'LIBELLE_PSAD', 'DATE_PREMIER_SIGNALEMENT',
] as const;

interface ListRow {
  numero_siei: string; ine: string; nom: string; prenom: string; sexe: string; date_naissance: string;
  code_commune_residence: string | null; dernier_uai: string | null; in_ds: number; in_of: number; nom_usage: string | null;
  autres_prenoms: string | null; dernier_mef: string | null; derniere_annee_scolaire: number | null; date_sortie: string | null;
  niveau_diplome: string | null; code_psad: string; suivi_situation: string | null; suivi_date: string | null;
  libelle_commune: string | null; premier_signalement: string;
}

/**
 * `runs.campaignRunId`: the run whose campaign rows are listed (`runs.runId`'s own, or the campaign it
 * reused); the communes are those of `runs.runId`'s referential.
 * `only` (`--psad`): the lists of these codes alone are written, empty ones too; the folder then holds
 * nothing else, since it is swapped in whole.
 */
export async function writeNonRetrouvesLists(
  sqlite: SQLiteDatabase,
  runs: { runId: string; campaignRunId: string },
  outDir: string,
  psads: readonly { codePsad: string; libellePsad: string }[],
  only: readonly string[] | null = null,
): Promise<Record<string, number>> {
  const psadCodes = psads.map((p) => p.codePsad);
  const labels = new Map(psads.map((p) => [p.codePsad, p.libellePsad]));
  const wanted = only ? new Set(only) : null;
  const final = join(outDir, 'non-retrouves');
  const staging = join(outDir, `.non-retrouves.${process.pid}.tmp`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o700 });
  const listed = only ?? psadCodes;
  const counts: Record<string, number> = Object.fromEntries(listed.map((c) => [c, 0]));
  const open = new Map<string, AtomicStream>();
  const streamFor = async (code: string) => {
    let s = open.get(code);
    if (!s) {
      s = await createAtomicStream(join(staging, `${code}.csv`), MODE_PERSONAL);
      await s.write(BOM + csvLine(LIST_COLUMNS));
      open.set(code, s);
    }
    return s;
  };
  for (const code of listed) await streamFor(code);
  const rows = sqlite
    .prepare(
      // DATE_PREMIER_SIGNALEMENT: the earliest campaign date on which the person was listed, over this
      // run and the database's earlier successful runs, so a counsellor sees who has waited longest.
      `WITH first_listed AS (
         SELECT cp.person_id, MIN(r.as_of) AS premier_signalement FROM campaign_person cp
         JOIN run r ON r.run_id = cp.run_id AND (r.status = 'succeeded' OR r.run_id = @campaignRunId)
         WHERE cp.status = 'non_retrouve' GROUP BY cp.person_id),
       commune AS (
         SELECT c.code_commune, MIN(c.libelle_commune) AS libelle_commune FROM commune_psad c
         JOIN run_input ri ON ri.input_file_id = c.input_file_id AND ri.run_id = @runId GROUP BY c.code_commune)
       SELECT cp.*, commune.libelle_commune, first_listed.premier_signalement
       FROM campaign_person cp
       JOIN first_listed ON first_listed.person_id = cp.person_id
       LEFT JOIN commune ON commune.code_commune = cp.code_commune_residence
       WHERE cp.run_id = @campaignRunId AND cp.status = 'non_retrouve'
       ORDER BY cp.code_psad, cp.nom, cp.prenom, cp.date_naissance, cp.numero_siei`,
    )
    .iterate(runs) as IterableIterator<ListRow>;
  for (const r of rows) {
    if (wanted && !wanted.has(r.code_psad)) continue;
    const s = await streamFor(r.code_psad);
    counts[r.code_psad] = (counts[r.code_psad] ?? 0) + 1;
    await s.write(
      csvLine([
        r.numero_siei, r.ine, r.nom, r.prenom, r.sexe, isoToFrench(r.date_naissance), r.code_commune_residence, r.dernier_uai,
        r.in_ds && r.in_of ? 'DS+OF' : r.in_of ? 'OF' : 'DS',
        r.nom_usage, r.autres_prenoms, r.dernier_mef, r.derniere_annee_scolaire, r.date_sortie ? isoToFrench(r.date_sortie) : null,
        r.niveau_diplome, r.code_psad, r.suivi_situation, r.suivi_date ? isoToFrench(r.suivi_date) : null,
        r.libelle_commune, labels.get(r.code_psad) ?? UNDETERMINED_PSAD_LABEL, isoToFrench(r.premier_signalement),
      ]),
    );
  }
  for (const s of open.values()) await s.commit();
  await swapDirectory(staging, final);
  return counts;
}
