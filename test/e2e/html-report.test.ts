import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../reports/html/find-chromium.js';
import { escapeHtml } from '../../reports/html/html.js';
import { runCli } from '../helpers/cli.js';
import { tempOutDir } from '../helpers/input-dir.js';

/**
 * The HTML report opened from file:// in a real browser (Debian's chromium through playwright-core):
 * no console error, every figure it shows equals key-figures.json or run.json (none missing), the
 * index lists the runs of the database, and no name, birth date, INE or NUMERO_SIEI is printed.
 */
const demo = fileURLToPath(new URL('../../fixtures/scenarios/demo/input', import.meta.url));
const args = (out: string) => ['run', '--input', demo, '--as-of', '2025-01-15', '--out', out, '--log-level', 'error'];
const executablePath = findChromium();
if (!executablePath) {
  console.warn('html-report test SKIPPED: Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH); .ci/run installs it when it can.');
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Tagged {
  path: string;
  value: string;
  text: string;
}

/** Dot path with array indices, as figure.ts writes them. */
function at(root: Json, path: string): Json | undefined {
  let v: Json | undefined = root;
  for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, Json>)[k] : undefined;
  return v;
}

/** Every leaf path of a JSON value. */
function leaves(v: Json, prefix = ''): string[] {
  if (v === null || typeof v !== 'object') return [prefix];
  return Object.entries(v).flatMap(([k, c]) => leaves(c, prefix ? `${prefix}.${k}` : k));
}

/** What a French reader must see for a value (numbers and ISO dates; other strings are checked as they are). */
function expectedText(path: string, value: Json): string | null {
  if (value === null) return 'n.d.';
  if (typeof value === 'number') {
    return /(Rate|coverage)$/.test(path)
      ? value.toLocaleString('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
      : value.toLocaleString('fr-FR');
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value.split('-').reverse().join('/');
  if (path.endsWith('.source')) return null; // shown as the source's French name
  return String(value);
}

async function tagged(page: Page, attribute: 'data-figure' | 'data-run', within = 'html'): Promise<Tagged[]> {
  return page.$$eval(
    `${within} [${attribute}]`,
    (els, attr) => els.map((e) => ({ path: e.getAttribute(attr)!, value: e.getAttribute('data-value')!, text: (e.textContent ?? '').trim() })),
    attribute,
  );
}

function expectFiguresEqual(found: readonly Tagged[], source: Json, checkText: boolean): void {
  expect(found.length).toBeGreaterThan(0);
  for (const f of found) {
    const expected = at(source, f.path);
    expect(expected, `${f.path} is not in the JSON`).not.toBeUndefined();
    expect(JSON.parse(f.value), f.path).toEqual(expected);
    const text = expectedText(f.path, expected!);
    if (checkText && text !== null) expect(f.text, f.path).toBe(text);
  }
}

describe.skipIf(!executablePath)('HTML report in headless Chromium', () => {
  let out: string;
  let browser: Browser;
  let firstFigures: Json;
  let figures: Json & Record<string, Json>;
  let manifest: Json & Record<string, Json>;
  const pageErrors: string[] = [];

  /** Opens a file, recording console errors, uncaught exceptions and failed requests. */
  async function open(file: string): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${file}: console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => pageErrors.push(`${file}: page error: ${e.message}`));
    page.on('requestfailed', (r) => pageErrors.push(`${file}: request failed: ${r.url()}`));
    const response = await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    expect(response?.ok() ?? true).toBe(true);
    return page;
  }

  beforeAll(async () => {
    out = await tempOutDir();
    // Two runs on one database, so that the index lists more than one run.
    expect(runCli(args(out)).status).toBe(0);
    firstFigures = JSON.parse(await readFile(join(out, 'key-figures.json'), 'utf8'));
    expect(runCli(args(out)).status).toBe(0);
    figures = JSON.parse(await readFile(join(out, 'key-figures.json'), 'utf8'));
    manifest = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    browser = await chromium.launch({ executablePath: executablePath! });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('rapport.html shows every key figure and matcher count, each equal to key-figures.json and run.json, without a console error', async () => {
    const page = await open(join(out, 'rapport.html'));
    expect(await page.title()).toBe('Rapport SIEI – campagne du 15/01/2025');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');

    const shown = await tagged(page, 'data-figure');
    expectFiguresEqual(shown, figures, true);
    // Nothing of key-figures.json is missing: every leaf but the schema version and the trend's run ids.
    const required = leaves(figures).filter((p) => p !== 'schemaVersion' && !/^trend\.\d+\.runId$/.test(p));
    const paths = new Set(shown.map((f) => f.path));
    expect(required.filter((p) => !paths.has(p))).toEqual([]);
    // In particular every PSAD (the undetermined territory included) and every headline figure.
    const byPsad = at(figures, 'nonRetrouves.byPsad') as { codePsad: string }[];
    expect(byPsad.length).toBeGreaterThan(20);
    expect(byPsad.map((p) => p.codePsad)).toContain('NON_DETERMINE');
    for (const p of ['of.identified', 'of.compliant', 'of.exempted', 'of.complianceRate', 'ds.identified', 'nonRetrouves.total', 'followUp.coverage', 'found.scolarise', 'found.apprentissage', 'found.accompagneMl', 'found.suivi']) {
      expect(paths.has(p), p).toBe(true);
    }
    expect(shown.find((f) => f.path === 'of.complianceRate')!.text).toMatch(/^\d{1,3},\d\u00a0%$/);

    const fromRun = await tagged(page, 'data-run');
    expectFiguresEqual(fromRun.filter((f) => !f.path.includes('weightHistogram')), manifest, true);
    expectFiguresEqual(fromRun.filter((f) => f.path.includes('weightHistogram')), manifest, false);
    const runPaths = new Set(fromRun.map((f) => f.path));
    const requiredRun = [
      ...leaves(at(manifest, 'matcher.summary')!, 'matcher.summary').filter((p) => !/\.(from|to)$/.test(p) && p !== 'matcher.summary.binWidth'),
      ...leaves(at(manifest, 'matcher.pairsByRule')!, 'matcher.pairsByRule'),
      'matcher.candidatePairs',
      ...leaves(at(manifest, 'counts')!, 'counts'),
      ...(at(manifest, 'inputs') as Json[]).flatMap((input, i) => [
        `inputs.${i}.warnings`,
        ...Object.keys((input as Record<string, Record<string, number>>).quarantinedByCode!).map((c) => `inputs.${i}.quarantinedByCode.${c}`),
      ]),
    ];
    expect(requiredRun.filter((p) => !runPaths.has(p))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('rapports/index.html lists both runs newest first, with their figures and a working link to each page', async () => {
    const index = join(out, 'rapports', 'index.html');
    const page = await open(index);
    const rows = await page.$$eval('tr[data-run-id]', (trs) => trs.map((tr) => tr.getAttribute('data-run-id')!));
    expect(rows).toEqual([figures.runId, at(firstFigures, 'runId')]);
    for (const [runId, source] of [[figures.runId, figures], [at(firstFigures, 'runId'), firstFigures]] as const) {
      const cells = await tagged(page, 'data-figure', `tr[data-run-id="${runId}"]`);
      expect(cells.map((c) => c.path).sort()).toEqual(['nonRetrouves.total', 'of.complianceRate', 'of.identified']);
      expectFiguresEqual(cells, source, true);
      const href = await page.getAttribute(`tr[data-run-id="${runId}"] a`, 'href');
      expect(href).toBe(`2025-01-15_${runId}.html`);
      const kept = await open(join(out, 'rapports', href!));
      expect(await kept.getAttribute('[data-figure="runId"]', 'data-value')).toBe(JSON.stringify(runId));
    }
    expect(await page.textContent('tr[data-run-id] .status')).toBe('réussie');
    expect(pageErrors).toEqual([]);
  });

  it('prints no name, birth date, INE or NUMERO_SIEI of the PSAD lists or the review file', async () => {
    const people: string[] = [];
    const listDir = join(out, 'non-retrouves');
    const csvs = [...(await readdir(listDir)).map((f) => join(listDir, f)), join(out, 'review.csv')];
    for (const file of csvs) {
      const rows = parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Record<string, string>[];
      for (const r of rows) {
        for (const col of ['NOM', 'NOM_USAGE', 'NOM_ENREGISTREMENT', 'PRENOM', 'PRENOMS_ENREGISTREMENT', 'DATE_NAISSANCE', 'DATE_NAISSANCE_ENREGISTREMENT', 'INE', 'NUMERO_SIEI']) {
          const v = r[col]?.trim();
          if (v) people.push(v);
        }
      }
    }
    expect(people.length).toBeGreaterThan(500);
    // Birth dates are checked in both spellings a page could use (the lists write JJ/MM/AAAA, review.csv ISO).
    const otherSpelling = (v: string) =>
      /^\d{2}\/\d{2}\/\d{4}$/.test(v) ? [v.split('/').reverse().join('-')] : /^\d{4}-\d{2}-\d{2}$/.test(v) ? [v.split('-').reverse().join('/')] : [];
    const values = [...new Set(people.flatMap((v) => [v, ...otherSpelling(v)]))];
    const pages = [join(out, 'rapport.html'), ...(await readdir(join(out, 'rapports'))).map((f) => join(out, 'rapports', f))];
    expect(pages.length).toBe(4);
    // PSAD labels are place names from the referential, and places bear first names (Saint-Quentin).
    const places = (at(figures, 'nonRetrouves.byPsad') as { libellePsad: string }[]).flatMap((p) => [p.libellePsad, escapeHtml(p.libellePsad)]);
    for (const file of pages) {
      const html = places.reduce((text, place) => text.split(place).join(' '), await readFile(file, 'utf8'));
      // Whole words only, so that a two-letter surname does not match inside another word.
      const leaked = values.filter((v) => [v, escapeHtml(v)].some((s) => new RegExp(`(^|[^\\p{L}\\p{N}])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(html)));
      expect(leaked, file).toEqual([]);
    }
    expect(existsSync(join(out, 'rapport.html'))).toBe(true);
  });
});
