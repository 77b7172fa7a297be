import { chmod, copyFile, mkdir, rm } from 'node:fs/promises';
import { swapDirectory } from '../pipeline/atomic-write.js';
import { join } from 'node:path';

/**
 * `par-psad/<CODE_PSAD>/non-retrouves_<CODE_PSAD>.csv` (`--psad-folders`): one folder per PSAD, each
 * holding only that territory's list, so that a folder can be handed to its PSAD (shared drive,
 * archive) without anyone sorting files. Copies of the lists just written, owner-only like them.
 * Built beside the old folder and swapped in whole; without the option an older `par-psad/` is
 * removed, so that it never holds an earlier run's people.
 */
export async function writePsadFolders(outDir: string, codes: readonly string[] | null): Promise<void> {
  const final = join(outDir, 'par-psad');
  if (codes === null) {
    await rm(final, { recursive: true, force: true });
    return;
  }
  const staging = join(outDir, `.par-psad.${process.pid}.tmp`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { mode: 0o700 });
  for (const code of codes) {
    const dir = join(staging, code);
    await mkdir(dir, { mode: 0o700 });
    const file = join(dir, `non-retrouves_${code}.csv`);
    await copyFile(join(outDir, 'non-retrouves', `${code}.csv`), file);
    await chmod(file, 0o600);
  }
  await swapDirectory(staging, final);
}
