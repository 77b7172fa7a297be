import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { createAtomicStream, MODE_PERSONAL, type AtomicStream } from '../pipeline/atomic-write.js';
import { isoToFrench } from '../pipeline/normalize/dates.js';
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
] as const;

interface ListRow {
  numero_siei: string; ine: string; nom: string; prenom: string; sexe: string; date_naissance: string;
  code_commune_residence: string | null; dernier_uai: string | null; in_ds: number; in_of: number; nom_usage: string | null;
  autres_prenoms: string | null; dernier_mef: string | null; derniere_annee_scolaire: number | null; date_sortie: string | null;
  niveau_diplome: string | null; code_psad: string; suivi_situation: string | null; suivi_date: string | null;
}

/**
 * `only` (`--psad`): the lists of these codes alone are written, empty ones too; the folder then holds
 * nothing else, since it is swapped in whole.
 */
export async function writeNonRetrouvesLists(
  sqlite: SQLiteDatabase,
  runId: string,
  outDir: string,
  psadCodes: readonly string[],
  only: readonly string[] | null = null,
): Promise<Record<string, number>> {
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
      `SELECT * FROM campaign_person WHERE run_id = ? AND status = 'non_retrouve'
       ORDER BY code_psad, nom, prenom, date_naissance, numero_siei`,
    )
    .iterate(runId) as IterableIterator<ListRow>;
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
      ]),
    );
  }
  for (const s of open.values()) await s.commit();
  // Swap: the old folder goes aside, the new one takes its name, the old one is removed.
  const old = join(outDir, `.non-retrouves.${process.pid}.old`);
  await rm(old, { recursive: true, force: true });
  await rename(final, old).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
  await rename(staging, final);
  await rm(old, { recursive: true, force: true });
  return counts;
}
