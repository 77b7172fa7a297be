import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { CampaignRules, FoundStatus } from '../campaign/campaign-rules.js';
import { contractInForce, pathwayActive } from '../campaign/solutions.js';
import { currentDecaVersions } from '../db/repositories/deca.repository.js';
import type { ImiloPathway } from '../db/tables/index.js';
import { buildIdentity, type Identity } from '../matcher/features.js';
import { detachedBuffers, IdentityStore, type DetachedIdentityStore } from '../matcher/identity-store.js';
import { workerEntry } from '../worker-entry.js';
import { oneShotWorker, workerCanRead } from '../one-shot-worker.js';

/**
 * The solution records of a run (DOMAIN.md rule 3): the DECA contracts in force at D and the I-Milo
 * pathways active at D, each with its identity for the matcher.
 */

/** A DECA contract version in force at D or an I-Milo pathway active at D, ready for the matcher. */
export interface SolutionRecord {
  source: FoundStatus;
  /** DECA NO_CONTRAT (the question is the apprentice, whatever the amendment) or I-Milo ID_MILO. */
  recordId: string;
  file: number;
  line: number;
  numeroSiei: string | null;
  identity: Identity;
}

/** The records of a run that are a solution at D (DOMAIN.md rule 3): DECA by NO_CONTRAT, then I-Milo in file and line order. */
export function* solutionRecords(sqlite: SQLiteDatabase, runId: string, asOf: string, rules: CampaignRules): Generator<SolutionRecord> {
  for (const v of currentDecaVersions(sqlite, runId)) {
    if (!contractInForce(v, asOf)) continue;
    yield {
      source: 'apprentissage',
      recordId: v.no_contrat,
      file: v.input_file_id,
      line: v.line,
      numeroSiei: null,
      identity: buildIdentity({
        surnames: [v.nom], firstNames: [v.prenom], birthDates: [v.date_naissance], sex: v.sexe,
        birthDepartements: [v.departement_naissance === '99' ? null : v.departement_naissance], postalCodes: [v.code_postal_residence],
      }),
    };
  }
  for (const p of sqlite
    .prepare(`SELECT p.* FROM imilo_pathway p JOIN run_input r ON r.input_file_id = p.input_file_id AND r.run_id = ? ORDER BY p.input_file_id, p.line`)
    .iterate(runId) as IterableIterator<ImiloPathway>) {
    if (!pathwayActive(p, asOf, rules)) continue;
    yield {
      source: 'accompagne_ml',
      recordId: p.id_milo,
      file: p.input_file_id,
      line: p.line,
      numeroSiei: p.numero_siei,
      identity: buildIdentity({
        surnames: [p.nom_naissance, p.nom_usage, p.nom_marital], firstNames: [p.prenoms], birthDates: [p.date_naissance], sex: p.sexe,
        birthCommunes: [p.code_commune_naissance], residenceCommunes: [p.code_commune_residence],
      }),
    };
  }
}

/** What the records are read for. */
export interface SolutionRecordsInput {
  runId: string;
  asOf: string;
  rules: CampaignRules;
}

/**
 * Every solution record of a run, in `solutionRecords`' order, as columns: posted from a worker as
 * they are (the arrays moved), and held compactly until the matching (record k is entry k of `identities`).
 */
export interface SolutionRecordsRead {
  /** 1 for an I-Milo pathway (accompagne_ml), 0 for a DECA contract (apprentissage). */
  imilo: Uint8Array;
  recordIds: string[];
  files: Int32Array;
  lines: Int32Array;
  /** The NUMERO_SIEI an I-Milo record carries, by record (absent: none). */
  numerosSiei: [record: number, numero: string][];
  identities: DetachedIdentityStore;
}

/** Record k of a read, without its identity. */
export function solutionAt(read: SolutionRecordsRead, k: number, numeroSiei: string | null): Omit<SolutionRecord, 'identity'> {
  return { source: read.imilo[k] ? 'accompagne_ml' : 'apprentissage', recordId: read.recordIds[k]!, file: read.files[k]!, line: read.lines[k]!, numeroSiei };
}

/** The run's solution records, read on `sqlite`. */
export function readSolutionRecords(sqlite: SQLiteDatabase, input: SolutionRecordsInput): SolutionRecordsRead {
  const identities = new IdentityStore();
  const imilo: number[] = [];
  const recordIds: string[] = [];
  const files: number[] = [];
  const lines: number[] = [];
  const numerosSiei: [number, string][] = [];
  for (const rec of solutionRecords(sqlite, input.runId, input.asOf, input.rules)) {
    const k = recordIds.length;
    identities.add(k, rec.identity);
    imilo.push(rec.source === 'accompagne_ml' ? 1 : 0);
    recordIds.push(rec.recordId);
    files.push(rec.file);
    lines.push(rec.line);
    if (rec.numeroSiei !== null) numerosSiei.push([k, rec.numeroSiei]);
  }
  return {
    imilo: Uint8Array.from(imilo),
    recordIds,
    files: Int32Array.from(files),
    lines: Int32Array.from(lines),
    numerosSiei,
    identities: identities.detachTrimmed(),
  };
}

/** A read's buffers, for postMessage's transfer list. */
export function solutionRecordsBuffers(read: SolutionRecordsRead): ArrayBuffer[] {
  return [...[read.imilo, read.files, read.lines].map((a) => a.buffer as ArrayBuffer), ...detachedBuffers(read.identities)];
}

export type SolutionRecordsJob = SolutionRecordsInput & { file: string };

/**
 * The run's solution records read in a worker thread (solution-records-worker.ts) on a read-only
 * connection of its own, while this thread goes on: started once the resolve stage's deterministic
 * pass has read (on both cores) and linked the enrolments, whose writes then keep one core busy for
 * about 40 s nationally, and the records' read (14 s: 692,562 records, each identity normalised) can
 * take the other. In this thread when no other connection could see the same rows (workerCanRead).
 */
export function startSolutionRecords(sqlite: SQLiteDatabase, input: SolutionRecordsInput): Promise<SolutionRecordsRead> {
  if (!workerCanRead(sqlite)) return Promise.resolve().then(() => readSolutionRecords(sqlite, input));
  const job: SolutionRecordsJob = { ...input, file: sqlite.name };
  return oneShotWorker(workerEntry(import.meta.url, 'solution-records-worker.js'), job, 'solution records worker');
}
