import cliProgress from 'cli-progress';
import type { LogFormat, LogLevel } from '../config.js';
import { NO_PROGRESS, type Progress, type ProgressTask } from './progress.js';

/**
 * Progress bars on stderr, only for a person at a terminal: stderr is a TTY, logs are text and the
 * level shows information. Under cron (stderr a file or a pipe) or with `--log-format json`, nothing
 * is drawn at all: no carriage return or escape sequence ever reaches a log file.
 *
 * cli-progress draws them: widely used and maintained, one small dependency (string-width), it
 * handles the terminal's width, throttled redraws and clearing the line, and draws nothing on a
 * stream that is not a TTY. Its redraw timer cannot fire during the matcher's synchronous loops, so
 * ticks redraw synchronously (its `synchronousUpdate`), throttled here to a few times a second.
 */
export function createProgress(options: { format: LogFormat; level: LogLevel; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr;
  const shown = stream.isTTY === true && options.format === 'text' && (options.level === 'info' || options.level === 'debug');
  return shown ? new TerminalProgress(stream) : NO_PROGRESS;
}

/** Redraws at most this often (a tick of the matcher comes every 1,024 persons). */
const REDRAW_MS = 200;

export class TerminalProgress implements Progress {
  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(label: string, total: number | null, unit: string): ProgressTask {
    const format =
      total === null
        ? `{label} {value} ${unit} · {rate} ${unit}/s · {duration_formatted}`
        : `{label} [{bar}] {percentage}% · {value}/{total} ${unit} · {rate} ${unit}/s · ETA {eta_formatted}`;
    const bar = new cliProgress.SingleBar({ stream: this.stream, format, fps: 1000 / REDRAW_MS, clearOnComplete: true, barsize: 24, etaBuffer: 50 });
    const startedAt = Date.now();
    let value = 0;
    let drawnAt = 0;
    const payload = () => ({ label, rate: Math.round(value / Math.max(0.001, (Date.now() - startedAt) / 1000)) });
    // An estimated total (a file's line count) may be passed: the bar grows it rather than overflow.
    bar.start(total ?? 1, 0, payload());
    return {
      tick: (n = 1) => {
        value += n;
        const now = Date.now();
        if (now - drawnAt < REDRAW_MS) return;
        drawnAt = now;
        if (total !== null && value > bar.getTotal()) bar.setTotal(value);
        bar.update(value, payload());
      },
      stop: () => {
        bar.update(value, payload());
        bar.stop();
      },
    };
  }
}
