import { randomBytes } from 'node:crypto';
import type { PipelineConfig } from './config.js';
import type { Log } from './log.js';
import { NO_PROGRESS, type Progress } from './progress/progress.js';

/**
 * What every stage receives: the frozen configuration, the logger, the progress reporter and the
 * run's identity and clock, captured once here so that no stage reads the time on its own (STYLE.md,
 * guideline 6).
 */
export interface RunContext {
  readonly runId: string;
  readonly startedAt: Date;
  readonly config: PipelineConfig;
  readonly log: Log;
  readonly version: string;
  /** Progress of the long stages: drawn on a terminal, a no-op otherwise (pipeline/progress/). */
  readonly progress: Progress;
}

export function createRunContext(config: PipelineConfig, log: Log, version: string, now: Date = new Date(), progress: Progress = NO_PROGRESS): RunContext {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return Object.freeze({
    runId: `${stamp}-${randomBytes(3).toString('hex')}`,
    startedAt: now,
    config,
    log,
    version,
    progress,
  });
}
