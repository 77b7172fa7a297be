import { sql, type Kysely } from 'kysely';
import type { Database, DecaContractVersion } from '../tables/index.js';

/**
 * The version of each DECA contract that counts for a run: among the run's files, the highest
 * amendment whose status is not Annulé or Supprimé. `Corrigé` and `Rompu` versions count (a broken
 * contract is still the contract: its rupture date says until when). A contract whose every version
 * is cancelled has no current version. Ties (the same amendment in two files) go to the later file
 * and line, i.e. the latest delivered.
 */
export async function currentDecaVersions(db: Kysely<Database>, runId: string): Promise<DecaContractVersion[]> {
  const result = await sql<DecaContractVersion>`
    SELECT * FROM (
      SELECT d.*, ROW_NUMBER() OVER (
        PARTITION BY d.no_contrat ORDER BY d.no_avenant DESC, d.input_file_id DESC, d.line DESC) AS rn
      FROM deca_contract_version d
      JOIN run_input r ON r.input_file_id = d.input_file_id AND r.run_id = ${runId}
      WHERE d.cancelled = 0
    ) WHERE rn = 1
    ORDER BY no_contrat`.execute(db);
  return result.rows.map(({ rn: _rn, ...row }: DecaContractVersion & { rn?: number }) => row);
}
