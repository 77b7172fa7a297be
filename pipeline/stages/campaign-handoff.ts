import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { CampaignPersons } from './campaign-persons.js';
import { startSolutionRecords, type SolutionRecordsInput, type SolutionRecordsRead } from './solution-records.js';
import type { SharedBlockingIndex } from '../matcher/blocking-index.js';
import type { DetachedIdentityStore } from '../matcher/identity-store.js';
import type { MatcherSettings } from '../matcher/settings.js';
import { oneShotWorker } from '../one-shot-worker.js';
import { workerEntry } from '../worker-entry.js';

/**
 * What the campaign stage of a run takes over from before it, in the same process, rather than read
 * again: its persons, built by the resolve stage's school link from its own read of every enrolment
 * (campaign-persons.ts), and its solution records, read in a worker while the resolve stage runs
 * (solution-records.ts), with their blocking index (`indexSolutions`). Each is taken once, and only
 * by the run it was read for; the campaign stage run alone reads and indexes them itself.
 */
export class CampaignHandoff {
  private persons: CampaignPersons | undefined;
  private solutions: { runId: string; read: Promise<SolutionRecordsRead>; done?: SolutionRecordsRead; index?: Promise<SharedBlockingIndex> } | undefined;

  putPersons(persons: CampaignPersons): void {
    this.persons = persons;
  }

  takePersons(runId: string): CampaignPersons | undefined {
    const persons = this.persons;
    this.persons = undefined;
    return persons?.runId === runId ? persons : undefined;
  }

  /** Starts reading the run's solution records (`startSolutionRecords`). */
  startSolutions(sqlite: SQLiteDatabase, input: SolutionRecordsInput): void {
    const read = startSolutionRecords(sqlite, input);
    const solutions: NonNullable<CampaignHandoff['solutions']> = { runId: input.runId, read };
    // A run that fails before its campaign never takes them: not an unhandled rejection.
    read.then((done) => (solutions.done = done)).catch(() => undefined);
    this.solutions = solutions;
  }

  /**
   * Starts building the blocking index of every solution record read, for the matcher's `settings`,
   * in a worker (record-index-worker.ts), once they are read. The school link calls it when its own
   * matching is done: its decisions and merges, then the campaign's start, keep one core busy (about
   * 8 s nationally, a CPU trace of a national run), and the index took as long on the campaign's
   * core before its matching started (6–7 s, in a profile). Not sooner: held from then on, the index
   * (240 MB nationally) and the worker's heap would sit at the school link's memory peak.
   */
  indexSolutions(settings: MatcherSettings): void {
    const solutions = this.solutions;
    if (!solutions || solutions.index) return;
    const start = (read: SolutionRecordsRead) =>
      oneShotWorker<SharedBlockingIndex>(workerEntry(import.meta.url, 'record-index-worker.js'), { identities: read.identities, settings } satisfies RecordIndexJob, 'record index worker');
    // Started now when the records are read (as they are by then nationally): the school link goes
    // on without yielding to the event loop, so a worker started from a promise's callback started
    // only once its decisions and merges were done (a CPU trace: one core busy meanwhile).
    solutions.index = solutions.done ? start(solutions.done) : solutions.read.then(start);
    solutions.index.catch(() => undefined);
  }

  /** The solution records read for run `runId`, and their index when `indexSolutions` started it. */
  takeSolutions(runId: string): { read: Promise<SolutionRecordsRead>; index?: Promise<SharedBlockingIndex> } | undefined {
    const solutions = this.solutions;
    this.solutions = undefined;
    return solutions?.runId === runId ? solutions : undefined;
  }
}

/** What the index worker is given: every record read (record k as entry k), and the matcher's settings. */
export interface RecordIndexJob {
  identities: DetachedIdentityStore;
  settings: MatcherSettings;
}
