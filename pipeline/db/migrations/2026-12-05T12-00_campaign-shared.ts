import type { Kysely } from 'kysely';

/**
 * An unchanged rerun points at the campaign it reuses instead of copying it (campaign-reuse.ts):
 * `run.campaign_run_id` names the run whose campaign rows a run reports (null: its own). Copying
 * cost 4.6 s of a 13.3 s unchanged national rerun (237,537 persons and a 69 MB result), and stored
 * the same people once more every night.
 *
 * The review band moves out of the result's JSON into rows, `campaign_review`: one row per solution
 * record a person must decide on, with what review.csv prints, written in the campaign's order. The
 * result left in `run_campaign_result` is counts and the matcher's model (27 KB nationally), so that
 * deciding whether to reuse a campaign no longer parses 69 MB.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('run').addColumn('campaign_run_id', 'text').execute();
  await db.schema
    .createTable('campaign_review')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('input_file_id', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('record_nom', 'text', (c) => c.notNull())
    .addColumn('record_prenoms', 'text', (c) => c.notNull())
    .addColumn('record_date_naissance', 'text', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('numero_siei', 'text', (c) => c.notNull())
    .addColumn('ine', 'text', (c) => c.notNull())
    .addColumn('nom', 'text', (c) => c.notNull())
    .addColumn('prenom', 'text', (c) => c.notNull())
    .addColumn('date_naissance', 'text', (c) => c.notNull())
    .addColumn('weight', 'real', (c) => c.notNull())
    .addColumn('second_weight', 'real')
    .addColumn('levels_json', 'text', (c) => c.notNull())
    // review.csv's order: by source, then file and line.
    .addPrimaryKeyConstraint('campaign_review_pk', ['run_id', 'source', 'input_file_id', 'line'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('campaign_review').ifExists().execute();
  await db.schema.alterTable('run').dropColumn('campaign_run_id').execute();
}
