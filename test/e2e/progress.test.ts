import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { makeInputDir, tempOutDir } from '../helpers/input-dir.js';

/**
 * Under cron stderr is a file or a pipe: no progress bar, no carriage return, no escape sequence may
 * reach the log, whatever the log format. NO_COLOR is deliberately not set here.
 */
describe('progress under cron', () => {
  it('writes no carriage return or escape sequence to a piped stderr, with text or JSON logs', async () => {
    const input = await makeInputDir();
    for (const format of ['text', 'json']) {
      const env = { ...process.env };
      delete env.NO_COLOR;
      delete env.FORCE_COLOR;
      const r = spawnSync(process.execPath, [CLI, 'run', '--input', input, '--as-of', '2025-01-15', '--out', await tempOutDir(), '--log-format', format, '--log-level', 'debug'], {
        encoding: 'utf8',
        env,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(format === 'text' ? 'ingestion done' : '"event":"ingest.done"');
      expect(r.stderr).not.toMatch(/\r|\x1b/);
    }
  });
});
