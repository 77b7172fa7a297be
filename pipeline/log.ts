import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevel } from './config.js';

/**
 * Logs are events on stderr, never mixed with report files (stdout stays free for commands that print
 * a result). Every event has a stable `event` name; fields are counts, codes, file names, durations —
 * never a name or a birth date (CNIL): nothing from a row's content is logged, only where it is.
 * Text for people by default; `--log-format json` gives one JSON object per line for machines.
 */
export type Log = Logger;

export function createLog(format: LogFormat, level: LogLevel): Log {
  if (format === 'json') {
    return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: 2, sync: true }));
  }
  // Synchronous so that the last lines are on screen before the process exits with its code.
  const stream = pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' });
  return pino({ level, base: undefined }, stream);
}

export function silentLog(): Log {
  return pino({ level: 'silent' });
}
