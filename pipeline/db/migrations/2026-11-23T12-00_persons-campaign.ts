import type { Kysely } from 'kysely';

/**
 * Persons with their stable identifier (NUMERO_SIEI) and INEs, kept across runs; the per-run campaign
 * result of each person of the DS/OF populations; the key figures of every run (history and trend).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('person')
    .addColumn('person_id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('numero_siei', 'text', (c) => c.notNull().unique())
    .addColumn('first_run_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('person_ine')
    .addColumn('ine', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('first_run_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_ine_person').on('person_ine').column('person_id').execute();

  await db.schema
    .createTable('campaign_person')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('numero_siei', 'text', (c) => c.notNull())
    .addColumn('in_ds', 'integer', (c) => c.notNull())
    .addColumn('in_of', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('found_by_json', 'text', (c) => c.notNull())
    .addColumn('suivi_situation', 'text')
    .addColumn('suivi_date', 'text')
    .addColumn('code_psad', 'text')
    .addColumn('ine', 'text', (c) => c.notNull())
    .addColumn('nom', 'text', (c) => c.notNull())
    .addColumn('nom_usage', 'text')
    .addColumn('prenom', 'text', (c) => c.notNull())
    .addColumn('autres_prenoms', 'text')
    .addColumn('sexe', 'text', (c) => c.notNull())
    .addColumn('date_naissance', 'text', (c) => c.notNull())
    .addColumn('code_commune_residence', 'text')
    .addColumn('dernier_uai', 'text')
    .addColumn('dernier_mef', 'text')
    .addColumn('derniere_annee_scolaire', 'integer')
    .addColumn('date_sortie', 'text')
    .addColumn('niveau_diplome', 'text')
    .addPrimaryKeyConstraint('campaign_person_pk', ['run_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('run_key_figures')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('figures_json', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['person', 'person_ine', 'campaign_person', 'run_key_figures']) await db.schema.dropTable(t).ifExists().execute();
}
