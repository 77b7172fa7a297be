import type { SharedBlockingIndex } from './blocking-index.js';
import type { SharedIdentityStore } from './identity-store.js';
import type { ScoringInputs } from './pair-scorer.js';
import type { ScoringChunk, TrainingChunk } from './person-passes.js';
import type { MatcherSettings } from './settings.js';
import type { SharedStoredLevels } from './stored-levels.js';

/** What a matcher worker is started with: the persons, records and key index in shared memory. */
export interface MatchWorkerInit {
  persons: SharedIdentityStore;
  records: SharedIdentityStore;
  index: SharedBlockingIndex;
  settings: MatcherSettings;
  /** How many school persons carry each first name, by string number of each store (IdentityStore.countsOf); null without counts. */
  personCounts: Int32Array | null;
  recordCounts: Int32Array | null;
  /** Persons a review decision took out of a record's candidates: [record, persons]. */
  excluded: [number, number[]][];
  trainingRecord: Uint8Array;
  /** The training records' keys alone, for the first pass; null when every record trains (`index` serves). */
  trainingIndex: SharedBlockingIndex | null;
  /** The records' dates, places and sexes as numbers (stored-levels.ts). */
  storedLevels: SharedStoredLevels;
  /** CONTROL_NEXT: the next chunk to take (shared by all threads); CONTROL_PERSONS: persons the workers have read. */
  control: Int32Array;
  depth: number;
  /** This worker's number (the main thread is 0) and the number of threads, for dealt chunks. */
  thread: number;
  threads: number;
}

export const CONTROL_NEXT = 0;
export const CONTROL_PERSONS = 1;
export const CONTROL_WORDS = 2;

/**
 * How the work on persons is cut: `personsPerChunk` persons a chunk; chunks taken from the shared
 * counter as threads become free, or, `dealt`, dealt in turn (thread t takes chunks t, t + threads,
 * …): tests use small dealt chunks so that every thread gets persons from every part of the stream.
 */
export interface Chunking {
  personsPerChunk: number;
  dealt: boolean;
}

export type MatchJob = { chunks: number; chunking: Chunking } & (
  | { type: 'train' }
  | { type: 'random'; sample: number[]; records: number[] }
  | { type: 'score'; inputs: ScoringInputs; namesMax: Float64Array; order: Int32Array }
);

/** The chunks thread `thread` of `threads` works on, for a job of `count` chunks. */
export function* chunksOf(control: Int32Array, thread: number, threads: number, count: number, dealt: boolean): Generator<number> {
  if (dealt) {
    for (let k = thread; k < count; k += threads) yield k;
    return;
  }
  for (let k = Atomics.add(control, CONTROL_NEXT, 1); k < count; k = Atomics.add(control, CONTROL_NEXT, 1)) yield k;
}

export type MatchReply =
  | { type: 'train'; chunks: [number, TrainingChunk][] }
  | { type: 'random'; counts: number[][] }
  | { type: 'score'; chunks: [number, ScoringChunk][]; top: { weight: Float64Array; person: Int32Array; pattern: Float64Array; position: Int32Array } }
  | { type: 'error'; message: string; stack?: string };
