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

/**
 * Whether a file of this name and size was ingested under these settings: most likely the same file
 * again. Only a hint for scheduling (ingest-file.ts); whether a file is reused is decided by its hash.
 */
export async function ingestedLookalike(db: Kysely<Database>, source: string, fileName: string, sizeBytes: number, settingsKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('input_file')
    .select('input_file_id')
    .where('source', '=', source)
    .where('file_name', '=', fileName)
    .where('size_bytes', '=', sizeBytes)
    .where('settings_key', '=', settingsKey)
    .where('status', '=', 'complete')
    .executeTakeFirst();
  return row !== undefined;
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
