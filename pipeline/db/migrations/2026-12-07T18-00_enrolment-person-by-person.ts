import { sql, type Kysely } from 'kysely';

/**
 * `enrolment_person` keyed by person, then enrolment (WITHOUT ROWID): a range of persons is a range
 * of its key, read without going through the whole table. The school link's pass reads the persons
 * in chunks that its threads claim one after another (school-link-ranges.ts); keyed by enrolment, each
 * chunk's read scanned all 11 million rows nationally (0.4 s a chunk). The table holds one run's rows,
 * the latest resolved, which the next run writes again: emptied here, with the run it named.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await recreate(db, sql`person_id INTEGER NOT NULL, enrolment_rowid INTEGER NOT NULL, PRIMARY KEY (person_id, enrolment_rowid)) WITHOUT ROWID`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await recreate(db, sql`enrolment_rowid INTEGER PRIMARY KEY, person_id INTEGER NOT NULL)`);
}

async function recreate(db: Kysely<any>, columns: ReturnType<typeof sql>): Promise<void> {
  await sql`DROP TABLE enrolment_person`.execute(db);
  await sql`CREATE TABLE enrolment_person (${columns}`.execute(db);
  await sql`DELETE FROM enrolment_person_run`.execute(db);
}
