import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { makeInputDir, tempOutDir } from '../helpers/input-dir.js';

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, stderr: r.stderr };
}

describe('configuration: file, then environment, then flags', () => {
  it('merges the three sources key by key, later ones winning', async () => {
    const out = await tempOutDir();
    const file = join(out, 'siei.json');
    await writeFile(file, JSON.stringify({ input: await makeInputDir(), out, asOf: '2024-12-15', maxQuarantineRate: 0.01, logLevel: 'error' }));
    const r = run(['run', '--config', file, '--as-of', '2025-01-15'], { SIEI_AS_OF: '2025-01-01', SIEI_MAX_QUARANTINE_RATE: '0.5' });
    expect(r.status).toBe(0);
    const flags = JSON.parse(await readFile(join(out, 'run.json'), 'utf8')).flags;
    expect(flags).toMatchObject({ asOf: '2025-01-15', maxQuarantineRate: 0.5, logLevel: 'error', out });
  });

  it('reports every problem of every source at once (exit 2)', async () => {
    const out = await tempOutDir();
    const bad = join(out, 'bad.json');
    await writeFile(bad, JSON.stringify({ input: 'x', asof: '2025-01-15', colour: 'blue' }));
    const unknown = run(['run', '--config', bad]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown key "asof"');
    expect(unknown.stderr).toContain('Unknown key "colour"');

    const invalid = run(['run', '--input', 'x', '--out', out], { SIEI_AS_OF: '2025-02-30', SIEI_LOG_FORMAT: 'xml' });
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('Invalid option `--as-of`: expected a real date AAAA-MM-JJ, got "2025-02-30"');
    expect(invalid.stderr).toContain('Invalid option `--log-format`');

    const missing = run(['run', '--config', join(out, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });
});
