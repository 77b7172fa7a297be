import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { oneShotWorker, workerCanRead } from '../one-shot-worker.js';
import { workerEntry } from '../worker-entry.js';
import { eachRowByKey } from './rows-by-key.js';
import { ROW_TEXTS, schoolRow, type EnrolmentRow } from './school-persons.js';

/**
 * What a row of `campaign_person` shows of its person besides the campaign's results: their latest
 * enrolment's columns and their NUMERO_SIEI, read by key (rows-by-key.ts) for persons given in order.
 *
 * Read in a worker while the matcher decides (campaign.stage.ts, `startLatestRows`): nationally the
 * 237,000 persons' rows took 4–6 s on the main thread after the decisions, the other core idle
 * (a profile of the campaign stage). Each row's texts come joined as the school persons' read joins
 * them (school-persons.ts) and are packed as UTF-8 in one buffer moved back (`PackedTexts`): as
 * objects, or a string each, they cost more at the end of the campaign, where the run's memory can
 * peak (two national runs of three peaked there with a string a row).
 */
export const LATEST_COLUMNS = [
  'ine', 'nom_famille', 'nom_usage', 'prenom1', 'prenom2', 'prenom3', 'sexe', 'date_naissance', 'code_commune_residence', 'uai', 'code_mef',
  'annee_scolaire', 'date_sortie',
] as const;

/** The latest enrolment's columns a row of `campaign_person` shows. */
export type LatestEnrolment = Pick<EnrolmentRow, (typeof LATEST_COLUMNS)[number]>;

/** Persons in order, by id, with their latest enrolment's rowid. */
export interface LatestRowsJob {
  personIds: Float64Array;
  latestRowids: Float64Array;
}

/** For person k of a job: the latest enrolment's school year and texts (`latestEnrolmentOf` reads them), and NUMERO_SIEI. */
export interface LatestRows {
  years: Float64Array;
  texts: PackedTexts;
  numeros: PackedTexts;
}

/**
 * Texts packed as UTF-8 in one buffer, text k from `starts[k]` to `ends[k]`: moved from the worker,
 * not copied, and no string held for each meanwhile (nationally 237,533 texts, about 36 MB).
 */
export interface PackedTexts {
  bytes: Uint8Array;
  starts: Uint32Array;
  ends: Uint32Array;
}

/** Text k of `packed`. */
export function textAt(packed: PackedTexts, k: number): string {
  return DECODER.decode(packed.bytes.subarray(packed.starts[k]!, packed.ends[k]!));
}

/** The buffers of `rows`, for postMessage's transfer list. */
export function latestRowsBuffers(rows: LatestRows): ArrayBuffer[] {
  return [rows.years, ...[rows.texts, rows.numeros].flatMap((p) => [p.bytes, p.starts, p.ends])].map((a) => a.buffer as ArrayBuffer);
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

/** Packs n texts given in any order (`set`), then `packed`. */
class TextPacker {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;

  constructor(n: number) {
    this.starts = new Uint32Array(n);
    this.ends = new Uint32Array(n);
  }

  set(k: number, text: string): void {
    // At most three bytes a UTF-16 unit.
    while (this.used + 3 * text.length > this.bytes.length) {
      const bigger = new Uint8Array(2 * this.bytes.length);
      bigger.set(this.bytes.subarray(0, this.used));
      this.bytes = bigger;
    }
    this.starts[k] = this.used;
    this.used += ENCODER.encodeInto(text, this.bytes.subarray(this.used)).written;
    this.ends[k] = this.used;
  }

  /** The texts, their buffer copied to its size. */
  packed(): PackedTexts {
    return { bytes: this.bytes.slice(0, this.used), starts: this.starts, ends: this.ends };
  }
}

/**
 * The rows of `job`'s persons, each value put in its person's place as it is read (the rows are not
 * held as objects: nationally a worker's heap of them was about twice the result).
 */
export function readLatestRows(sqlite: SQLiteDatabase, job: LatestRowsJob): LatestRows {
  const n = job.personIds.length;
  const years = new Float64Array(n);
  const texts = new TextPacker(n);
  const numeros = new TextPacker(n);
  const byRowid = new Map<number, number>();
  job.latestRowids.forEach((rowid, k) => byRowid.set(rowid, k));
  eachRowByKey(sqlite, `SELECT e.rowid, e.annee_scolaire, ${ROW_TEXTS} FROM enrolment e WHERE e.rowid IN (SELECT value FROM json_each(?))`, job.latestRowids, (row) => {
    const k = byRowid.get(row[0] as number)!;
    years[k] = row[1] as number;
    texts.set(k, row[2] as string);
  });
  const byPerson = new Map<number, number>();
  job.personIds.forEach((id, k) => byPerson.set(id, k));
  eachRowByKey(sqlite, 'SELECT person_id, numero_siei FROM person WHERE person_id IN (SELECT value FROM json_each(?))', job.personIds, (row) => {
    numeros.set(byPerson.get(row[0] as number)!, row[1] as string);
  });
  return { years, texts: texts.packed(), numeros: numeros.packed() };
}

/** Person k's latest enrolment from `rows` (read again alone when a column held the separator of its texts). */
export function latestEnrolmentOf(sqlite: SQLiteDatabase, job: LatestRowsJob, rows: LatestRows, k: number): LatestEnrolment {
  const rowid = job.latestRowids[k]!;
  return schoolRow(job.personIds[k]!, rowid, rows.years[k]!, textAt(rows.texts, k)) ?? latestEnrolmentAt(sqlite, rowid);
}

/** The enrolment of `rowid`, read alone. */
export function latestEnrolmentAt(sqlite: SQLiteDatabase, rowid: number): LatestEnrolment {
  return sqlite.prepare(`SELECT ${LATEST_COLUMNS.join(', ')} FROM enrolment WHERE rowid = ?`).get(rowid) as LatestEnrolment;
}

/**
 * `readLatestRows` in a worker on a read-only connection of its own, when one can read what this
 * connection reads (a file, no transaction open: one-shot-worker.ts); else undefined, for the caller
 * to read them itself.
 */
export function startLatestRows(sqlite: SQLiteDatabase, job: LatestRowsJob): Promise<LatestRows> | undefined {
  if (!workerCanRead(sqlite) || !job.personIds.length) return undefined;
  const rows = oneShotWorker<LatestRows>(workerEntry(import.meta.url, 'campaign-latest-rows-worker.js'), { file: sqlite.name, job }, 'campaign rows worker');
  // Awaited when the rows are written: a failure meanwhile is not an unhandled rejection.
  rows.catch(() => undefined);
  return rows;
}
