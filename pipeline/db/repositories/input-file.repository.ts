import type { Kysely } from 'kysely';
import type { Database, InputFile } from '../tables/index.js';

/** A completely ingested file with the same content and parse settings, if any. */
export async function findReusableInputFile(
  db: Kysely<Database>,
  source: string,
  sha256: string,
  settingsKey: string,
): Promise<InputFile | undefined> {
  return db
    .selectFrom('input_file')
    .selectAll()
    .where('source', '=', source)
    .where('sha256', '=', sha256)
    .where('settings_key', '=', settingsKey)
    .where('status', '=', 'complete')
    .orderBy('input_file_id', 'desc')
    .executeTakeFirst();
}

export async function quarantineCountsByCode(db: Kysely<Database>, inputFileId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('quarantine')
    .select(['code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('input_file_id', '=', inputFileId)
    .where('severity', '=', 'error')
    .groupBy('code')
    .orderBy('code')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
}
