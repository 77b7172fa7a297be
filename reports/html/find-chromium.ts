import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The system's Chromium (Debian's `chromium` package), for the browser test and the screenshot
 * script: playwright-core drives it through `executablePath` instead of downloading a browser build
 * of its own. `CHROMIUM_PATH` overrides the search. Null when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const executable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (env.CHROMIUM_PATH) return executable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of [...dirs, '/usr/bin']) {
      const file = join(dir, name);
      if (executable(file)) return file;
    }
  }
  return null;
}
