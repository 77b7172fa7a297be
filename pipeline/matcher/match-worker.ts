import { parentPort, workerData } from 'node:worker_threads';
import { BlockingIndex } from './blocking-index.js';
import { IdentityStore } from './identity-store.js';
import { chunksOf, CONTROL_PERSONS, type MatchJob, type MatchReply, type MatchWorkerInit } from './match-protocol.js';
import { PairScorer } from './pair-scorer.js';
import { PersonPasses, RANDOM_RECORDS_PER_CHUNK, sumCounts, type ScoringChunk, type TrainingChunk } from './person-passes.js';
import { StoredLevels } from './stored-levels.js';
import { TopCandidates } from './top-candidates.js';

/**
 * A matcher thread (match-threads.ts): takes chunks of persons from the shared counter, as the main
 * thread does, and sends back what its chunks gave. Persons and records are read from their compact
 * stores, in shared memory.
 */
const init = workerData as MatchWorkerInit;
const persons = IdentityStore.fromShared(init.persons);
const recordStore = IdentityStore.fromShared(init.records);
const recordCounts = init.recordCounts ?? undefined;
const excluded = new Array<ReadonlySet<number> | undefined>(recordStore.size);
for (const [record, ids] of init.excluded) excluded[record] = new Set(ids);
const control = init.control;
const passes = new PersonPasses({
  persons,
  // Built anew at each use, not kept: kept, they cost this thread about 600 MB nationally (measured).
  records: (i) => recordStore.identity(i, recordCounts),
  recordNames: (i) => recordStore.names(i, recordCounts),
  recordCount: recordStore.size,
  index: new BlockingIndex(init.index),
  trainingIndex: init.trainingIndex ? new BlockingIndex(init.trainingIndex) : undefined,
  settings: init.settings,
  personCounts: init.personCounts ?? undefined,
  excluded,
  trainingRecord: init.trainingRecord,
  storedLevels: new StoredLevels(init.storedLevels, init.persons),
});

function run(job: MatchJob): { reply: MatchReply; transfer: ArrayBuffer[] } {
  const chunks = (count: number) => chunksOf(control, init.thread, init.threads, count, job.chunking.dealt);
  const size = job.chunking.personsPerChunk;
  const personsOf = (k: number) => [k * size, Math.min(persons.size, (k + 1) * size)] as const;
  switch (job.type) {
    case 'train': {
      const out: [number, TrainingChunk][] = [];
      for (const k of chunks(job.chunks)) {
        const [from, to] = personsOf(k);
        out.push([k, passes.train(from, to)]);
        Atomics.add(control, CONTROL_PERSONS, to - from);
      }
      return { reply: { type: 'train', chunks: out }, transfer: [] };
    }
    case 'random': {
      const sample = job.sample.map((p) => passes.person(p));
      const counts: number[][][] = [];
      for (const k of chunks(job.chunks)) counts.push(passes.randomPairs(sample, job.records.slice(k * RANDOM_RECORDS_PER_CHUNK, (k + 1) * RANDOM_RECORDS_PER_CHUNK)));
      return { reply: { type: 'random', counts: sumCounts(counts) }, transfer: [] };
    }
    case 'score': {
      const scorer = new PairScorer(job.inputs, init.settings);
      const top = new TopCandidates(recordStore.size, init.depth);
      const out: [number, ScoringChunk][] = [];
      for (const k of chunks(job.chunks)) {
        const [from, to] = personsOf(k);
        out.push([k, passes.score(from, to, scorer, job.namesMax, top, job.order)]);
        Atomics.add(control, CONTROL_PERSONS, to - from);
      }
      const arrays = { weight: top.weight, person: top.person, pattern: top.pattern, position: top.position };
      return { reply: { type: 'score', chunks: out, top: arrays }, transfer: Object.values(arrays).map((a) => a.buffer as ArrayBuffer) };
    }
  }
}

parentPort!.on('message', (job: MatchJob) => {
  try {
    const { reply, transfer } = run(job);
    parentPort!.postMessage(reply, transfer);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    parentPort!.postMessage({ type: 'error', message: err.message, stack: err.stack } satisfies MatchReply);
  }
});
