import { sql, type Kysely, type Transaction } from 'kysely';

/**
 * NUMERO_SIEI's uniqueness as a named index (`person_numero_siei`) instead of a column constraint,
 * so that the resolve stage can drop it while it creates millions of persons and build it once
 * afterwards (person-writes.ts): a random number inserted into the index a row at a time went to a
 * random page of it. SQLite cannot drop a column's UNIQUE, so the table is rebuilt, its rows, ids
 * and AUTOINCREMENT counter kept (persons purged at the top of the ids are not given again).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await rebuildPerson(db, sql`numero_siei TEXT NOT NULL`, sql`CREATE UNIQUE INDEX person_numero_siei ON person (numero_siei)`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuildPerson(db, sql`numero_siei TEXT NOT NULL UNIQUE`, null);
}

/** `person` rebuilt with `numeroColumn`, then `index` made, in one transaction: rows, ids and counter kept. */
async function rebuildPerson(db: Kysely<any>, numeroColumn: ReturnType<typeof sql>, index: ReturnType<typeof sql> | null): Promise<void> {
  await db.transaction().execute(async (trx: Transaction<any>) => {
    const counter = await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'person'`.execute(trx);
    await sql`CREATE TABLE person_rebuilt (
      person_id INTEGER PRIMARY KEY AUTOINCREMENT,
      ${numeroColumn},
      first_run_id TEXT NOT NULL)`.execute(trx);
    await sql`INSERT INTO person_rebuilt (person_id, numero_siei, first_run_id) SELECT person_id, numero_siei, first_run_id FROM person ORDER BY person_id`.execute(trx);
    await sql`DROP TABLE person`.execute(trx);
    await sql`ALTER TABLE person_rebuilt RENAME TO person`.execute(trx);
    if (index) await index.execute(trx);
    const seq = counter.rows[0]?.seq;
    if (seq !== undefined) {
      await sql`DELETE FROM sqlite_sequence WHERE name = 'person'`.execute(trx);
      await sql`INSERT INTO sqlite_sequence (name, seq) VALUES ('person', ${seq})`.execute(trx);
    }
  });
}
