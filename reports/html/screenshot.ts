import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { ConfigError, SieiError } from '../../pipeline/errors.js';
import { findChromium } from './find-chromium.js';

/**
 * `npm run screenshot [-- --html <file> --png <file>]`: a full-page PNG of an HTML report, taken in
 * headless Chromium, to look at the report without a desktop (default: the demo's, after `npm start`).
 * A developer's script: playwright-core is a dev dependency.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { html: { type: 'string', default: 'out/demo/rapport.html' }, png: { type: 'string', default: 'out/demo/rapport.png' } } });
  const htmlFile = resolve(values.html);
  const pngFile = resolve(values.png);
  const problems: string[] = [];
  if (!existsSync(htmlFile)) problems.push(`${htmlFile} does not exist: run \`npm start\` first (or pass --html <file>)`);
  const executablePath = findChromium();
  if (!executablePath) problems.push('Chromium not found: install it (`apt-get install -y chromium`) or set CHROMIUM_PATH');
  if (problems.length || !executablePath) throw new ConfigError(problems);
  const browser = await chromium.launch({ executablePath });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(htmlFile).href);
    await page.screenshot({ path: pngFile, fullPage: true });
  } finally {
    await browser.close();
  }
  process.stdout.write(`${pngFile}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = e instanceof SieiError ? e.exitCode : 1;
});
