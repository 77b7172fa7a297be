import type { Kysely } from 'kysely';

/**
 * Review decisions written back by a person (`decisions*.csv`): one row per row read, with the
 * lineage of every input table. Never purged with the extracts: a decision applies in every later run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('review_decision')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('input_file_id', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('record_source', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('numero_siei', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('date_decision', 'text')
    .addColumn('auteur', 'text')
    .addColumn('record_key', 'text', (c) => c.notNull())
    .execute();
  // The question a decision answers, then ingestion order: the latest decision of each is one index walk.
  await db.schema
    .createIndex('review_decision_question')
    .on('review_decision')
    .columns(['record_source', 'record_key', 'numero_siei', 'input_file_id', 'line'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('review_decision').ifExists().execute();
}
