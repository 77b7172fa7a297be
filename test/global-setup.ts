import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary folder of a test run (inputs, outputs, databases, the child processes' too) in one
 * folder of its own, removed when the run ends: the tests make hundreds with `mkdtemp`, and a
 * machine that runs the suite every day kept them all. `TMPDIR` is read by `os.tmpdir()` at each call
 * and inherited by the test processes, which start after this.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'siei-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
