/**
 * Progress of the long stages (ingesting a file's rows, matching, the campaign's persons), for a
 * person watching a terminal. A seam with two implementations: the no-op below (tests, cron, JSON
 * logs) and terminal-progress.ts. Stages only call `start`, `tick` and `stop`; whether anything is
 * drawn is decided once, by the CLI.
 */
export interface Progress {
  /** Starts one task: `total` when known (a bar), null for a counter with its rate; `unit` names what is counted. */
  start(label: string, total: number | null, unit: string): ProgressTask;
}

export interface ProgressTask {
  /** `n` more units done (callers tick in chunks: a tick per row of millions would cost). */
  tick(n?: number): void;
  /** Ends the task and clears its line: the log says what the stage did. */
  stop(): void;
}

const NO_TASK: ProgressTask = Object.freeze({ tick: () => undefined, stop: () => undefined });

export const NO_PROGRESS: Progress = Object.freeze({ start: () => NO_TASK });
