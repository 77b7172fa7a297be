import type { Kysely } from 'kysely';

/**
 * The person of each enrolment of the latest resolved run (enrolment-persons.ts), written by the
 * resolve stage: the school link and the campaign each read every enrolment in person order, and
 * finding each one's person through `person_ine`, a text key (11 million lookups nationally), was
 * about half of each read. `enrolment_person_run` names the run it is for (one row at most).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('enrolment_person')
    .addColumn('enrolment_rowid', 'integer', (c) => c.primaryKey())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createTable('enrolment_person_run').addColumn('run_id', 'text', (c) => c.primaryKey()).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('enrolment_person_run').ifExists().execute();
  await db.schema.dropTable('enrolment_person').ifExists().execute();
}
