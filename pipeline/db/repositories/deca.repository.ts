import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { DecaContractVersion } from '../tables/index.js';

/**
 * The version of each DECA contract that counts for a run: among the run's files, the highest
 * amendment whose status is not Annulé or Supprimé. `Corrigé` and `Rompu` versions count (a broken
 * contract is still the contract: its rupture date says until when). A contract whose every version
 * is cancelled has no current version. Ties (the same amendment in two files) go to the later file
 * and line, i.e. the latest delivered.
 *
 * Streamed, in NO_CONTRAT order: held as a list, national contracts (about 700,000, each read twice
 * to drop the window's row number) took most of the 1.9 GB the campaign's heap reached before
 * matching (measured).
 */
export function currentDecaVersions(sqlite: SQLiteDatabase, runId: string): IterableIterator<DecaContractVersion> {
  return sqlite
    .prepare(
      `SELECT source, input_file_id, line, run_id, no_contrat, no_avenant, statut, nom, prenom, sexe, date_naissance,
              departement_naissance, code_postal_residence, date_debut_contrat, date_fin_contrat, date_effet_rupture,
              code_diplome, uai_cfa, cancelled
       FROM (
         SELECT d.*, ROW_NUMBER() OVER (
           PARTITION BY d.no_contrat ORDER BY d.no_avenant DESC, d.input_file_id DESC, d.line DESC) AS rn
         FROM deca_contract_version d
         JOIN run_input r ON r.input_file_id = d.input_file_id AND r.run_id = ?
         WHERE d.cancelled = 0
       ) WHERE rn = 1
       ORDER BY no_contrat`,
    )
    .iterate(runId) as IterableIterator<DecaContractVersion>;
}
