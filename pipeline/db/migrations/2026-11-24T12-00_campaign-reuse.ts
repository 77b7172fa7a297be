import type { Kysely } from 'kysely';

/**
 * What an unchanged rerun needs to reuse a campaign instead of computing it again: each run's
 * fingerprint (its inputs' content hashes, campaign date and settings) and the campaign's result as
 * the reports read it (counts, review items, the matcher's model and summary).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('run').addColumn('fingerprint', 'text').execute();
  await db.schema
    .createTable('run_campaign_result')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('result_json', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('run_campaign_result').ifExists().execute();
  await db.schema.alterTable('run').dropColumn('fingerprint').execute();
}
