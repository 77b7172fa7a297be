import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

/**
 * The CLI with its stdout read by a program that stops at once (`siei --help | head -0`): the pipe's
 * reading end is closed before the CLI writes, so every write fails with EPIPE.
 */
function runWithStdoutClosed(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('stdout closed by its reader', () => {
  it('ends --help with its own exit code and no stack trace, the help not read', async () => {
    for (const [args, status] of [
      [['--help'], 0],
      [['run', '--help'], 0],
      [['purge', '--help'], 0],
      [[], 2],
    ] as const) {
      const r = await runWithStdoutClosed([...args]);
      expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status, stderr: '' });
    }
  });
});
