import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { CampaignPersons } from './campaign-persons.js';
import { startSolutionRecords, type SolutionRecordsInput, type SolutionRecordsRead } from './solution-records.js';

/**
 * What the campaign stage of a run takes over from before it, in the same process, rather than read
 * again: its persons, built by the resolve stage's school link from its own read of every enrolment
 * (campaign-persons.ts), and its solution records, read in a worker while the resolve stage runs
 * (solution-records.ts). Each is taken once, and only by the run it was read for; the campaign
 * stage run alone reads both itself.
 */
export class CampaignHandoff {
  private persons: CampaignPersons | undefined;
  private solutions: { runId: string; read: Promise<SolutionRecordsRead> } | undefined;

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
    // A run that fails before its campaign never takes them: not an unhandled rejection.
    read.catch(() => undefined);
    this.solutions = { runId: input.runId, read };
  }

  takeSolutions(runId: string): Promise<SolutionRecordsRead> | undefined {
    const solutions = this.solutions;
    this.solutions = undefined;
    return solutions?.runId === runId ? solutions.read : undefined;
  }
}
