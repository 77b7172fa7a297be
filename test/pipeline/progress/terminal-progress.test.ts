import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NO_PROGRESS } from '../../../pipeline/progress/progress.js';
import { createProgress, TerminalProgress } from '../../../pipeline/progress/terminal-progress.js';

/** A stream that records what is written, claiming to be a terminal or not. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(stream, { isTTY, columns: 120 });
  stream.text = () => chunks.join('');
  return stream;
}

describe('progress', () => {
  it('draws only on a terminal, with text logs at info or debug', () => {
    expect(createProgress({ format: 'text', level: 'info', stream: fakeStream(true) })).toBeInstanceOf(TerminalProgress);
    expect(createProgress({ format: 'text', level: 'debug', stream: fakeStream(true) })).toBeInstanceOf(TerminalProgress);
    expect(createProgress({ format: 'text', level: 'info', stream: fakeStream(false) })).toBe(NO_PROGRESS);
    expect(createProgress({ format: 'json', level: 'info', stream: fakeStream(true) })).toBe(NO_PROGRESS);
    expect(createProgress({ format: 'text', level: 'warn', stream: fakeStream(true) })).toBe(NO_PROGRESS);
  });

  it('shows the label, the counts against the total and the rate, then clears its line', () => {
    const stream = fakeStream(true);
    const task = new TerminalProgress(stream).start('sygne_lille.csv', 4362, 'rows');
    task.tick(1024);
    task.stop();
    const text = stream.text();
    expect(text).toContain('sygne_lille.csv [');
    expect(text).toMatch(/1024\/4362 rows · \d+ rows\/s/);
    // Stopped: back to the first column, line erased, so the next log line starts clean.
    expect(text.endsWith('\x1b[1G\x1b[2K')).toBe(true);
  });

  it('shows a counter when the total is unknown', () => {
    const stream = fakeStream(true);
    const task = new TerminalProgress(stream).start('campaign', null, 'persons');
    task.tick(2048);
    task.stop();
    expect(stream.text()).toMatch(/campaign 2048 persons · \d+ persons\/s/);
  });
});
