import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { newNumeroSiei } from '../db/repositories/person.repository.js';

/**
 * The resolve stage's writes of persons (`person`, a NUMERO_SIEI each) and of each INE's person
 * (`person_ine`), inside the caller's transaction.
 *
 * In bulk (most of what the tables will hold is written now: a first run, nationally 4.4 million
 * persons and 4.6 million INEs), the two secondary indexes are dropped first and built again at the
 * end: inserted a row at a time, a random NUMERO_SIEI, and each INE's person id in INE order, went
 * to a random page of their index, beyond SQLite's page cache nationally. Measured on those counts
 * (2026-12-06, one script, the same machine): 44–53 s of inserts with the indexes, 15–22 s without
 * them and 10–12 s to build both. The transaction makes it all or nothing: a run killed meanwhile
 * leaves the indexes as they were.
 *
 * NUMERO_SIEI has 50 random bits: drawn 4.4 million times, two persons get the same one about once
 * in 120 first national runs. The unique index refuses it; the later person draws again (at once
 * when the index is there, when it is built otherwise), so that a person's number never changes.
 */
export class PersonWriter {
  /** NUMERO_SIEI drawn again because another person already had it. */
  redrawn = 0;
  private readonly insertPerson;
  private readonly upsertIne;
  private nextId: number;

  constructor(
    private readonly sqlite: SQLiteDatabase,
    private readonly runId: string,
    readonly bulk: boolean,
    private readonly numero: () => string = newNumeroSiei,
  ) {
    // One statement a row: multi-row INSERTs measured slower here (6.2 s of CPU against 4.4 for the
    // 562,000 INEs of Hauts-de-France).
    // The id given, the one SQLite would choose (`nextPersonId`): the resolve stage numbers its new
    // persons before writing them, so that each enrolment's person is committed first (resolve.stage.ts).
    this.insertPerson = sqlite.prepare('INSERT INTO person (person_id, numero_siei, first_run_id) VALUES (?, ?, ?)');
    this.nextId = nextPersonId(sqlite);
    this.upsertIne = sqlite.prepare(
      'INSERT INTO person_ine (ine, person_id, first_run_id) VALUES (?, ?, ?) ON CONFLICT (ine) DO UPDATE SET person_id = excluded.person_id',
    );
    if (bulk) for (const index of DROPPABLE_INDEXES) sqlite.exec(`DROP INDEX IF EXISTS ${index.name}`);
  }

  /** A new person with a new NUMERO_SIEI: its id, the next one (`nextPersonId`). */
  newPerson(): number {
    const id = this.nextId;
    for (let draw = 1; ; draw++) {
      try {
        this.insertPerson.run(id, this.numero(), this.runId);
        this.nextId++;
        return id;
      } catch (e) {
        if (!isUniqueViolation(e) || draw >= MAX_DRAWS) throw e;
        this.redrawn++;
      }
    }
  }

  /** INE `ine` is person `personId`'s (new, or moved from another person). */
  ine(ine: string, personId: number): void {
    this.upsertIne.run(ine, personId, this.runId);
  }

  /** Builds the indexes dropped in bulk, a number drawn twice first drawn again for the later person. */
  finish(): void {
    if (!this.bulk) return;
    // SQLite sorts an index's entries with helper threads when allowed (`PRAGMA threads`, off by
    // default): the rest of the pass is on one core. Nationally both indexes took 6.3 s instead of
    // 7.4 (mean of four builds each on a saved database; the NUMERO_SIEI one 3.5 instead of 4.8 s).
    const threads = this.sqlite.pragma('threads', { simple: true }) as number;
    this.sqlite.pragma(`threads = ${Math.min(SORT_THREADS, availableParallelism())}`);
    // A small page cache for the builds: the sorter keeps up to a cache's worth of entries in memory
    // per thread. On the national persons (a script, 2026-12-07): with 64 MiB, 7.2–9.1 s and 167 MiB
    // more at the peak; with 8 MiB, 5.2 s and 25 MiB more. The school link's pass runs beside them
    // (resolve.stage.ts), and a national run's peak came here once: +425 MB in half a second.
    const cacheSize = this.sqlite.pragma('cache_size', { simple: true }) as number;
    this.sqlite.pragma(`cache_size = ${SORT_CACHE_SIZE}`);
    try {
      for (const index of DROPPABLE_INDEXES) {
        for (let attempt = 1; ; attempt++) {
          try {
            this.sqlite.exec(index.create);
            break;
          } catch (e) {
            if (!isUniqueViolation(e) || index.name !== NUMERO_INDEX || attempt >= MAX_DRAWS) throw e;
            this.drawAgainWhereShared();
          }
        }
      }
    } finally {
      this.sqlite.pragma(`threads = ${threads}`);
      this.sqlite.pragma(`cache_size = ${cacheSize}`);
    }
  }

  /** Every person whose NUMERO_SIEI an older person (a lower id) has gets a number nobody has. */
  private drawAgainWhereShared(): void {
    const { sqlite } = this;
    // Without the index each lookup reads the table: there is one shared number in a hundred runs.
    const shared = sqlite.prepare('SELECT numero_siei, MIN(person_id) AS first FROM person GROUP BY numero_siei HAVING COUNT(*) > 1').all() as { numero_siei: string; first: number }[];
    const later = sqlite.prepare('SELECT person_id FROM person WHERE numero_siei = ? AND person_id <> ?').pluck();
    const taken = sqlite.prepare('SELECT 1 FROM person WHERE numero_siei = ?').pluck();
    const set = sqlite.prepare('UPDATE person SET numero_siei = ? WHERE person_id = ?');
    for (const { numero_siei, first } of shared) {
      for (const personId of later.all(numero_siei, first) as number[]) {
        let numero = this.numero();
        while (taken.get(numero) !== undefined) numero = this.numero();
        set.run(numero, personId);
        this.redrawn++;
      }
    }
  }
}

/**
 * The id SQLite would give the next person: `person_id` is AUTOINCREMENT, so one more than the
 * largest id the table ever held (its `sqlite_sequence` row) or holds.
 */
export function nextPersonId(sqlite: SQLiteDatabase): number {
  return sqlite
    .prepare("SELECT MAX(IFNULL((SELECT seq FROM sqlite_sequence WHERE name = 'person'), 0), IFNULL((SELECT MAX(person_id) FROM person), 0)) + 1")
    .pluck()
    .get() as number;
}

const NUMERO_INDEX = 'person_numero_siei';
/** Helper threads SQLite may sort an index's entries with, at most. */
const SORT_THREADS = 2;
/** The page cache while the indexes are built (`PRAGMA cache_size`: negative, in KiB). */
const SORT_CACHE_SIZE = -8192;

/** The secondary indexes of the two tables, as the migrations create them. */
const DROPPABLE_INDEXES = [
  { name: NUMERO_INDEX, create: `CREATE UNIQUE INDEX ${NUMERO_INDEX} ON person (numero_siei)` },
  { name: 'person_ine_person', create: 'CREATE INDEX person_ine_person ON person_ine (person_id)' },
] as const;

/** Draws of a NUMERO_SIEI before giving up: a second collision in a row would mean a broken generator. */
const MAX_DRAWS = 5;

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
