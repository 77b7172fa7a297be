import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SYGNE_HEADER, SYGNE_ROWS, makeInputDir, readQuarantine, runOn, sygneCsv, tempOutDir } from '../helpers/input-dir.js';

/**
 * Bad input is expected input (issue 2, point 7): each case has its own test, checks the exit code of
 * RUN.md, a message naming the file, the line and the field where they apply, and no stack trace.
 */

async function cli(inputDir: string, ...extra: string[]) {
  const out = await tempOutDir();
  const r = runCli(['run', '--input', inputDir, '--as-of', '2025-01-15', '--out', out, '--log-level', 'error', ...extra]);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  return { ...r, out };
}

describe('file- and source-level problems (exit 3)', () => {
  it('missing input folder', async () => {
    const r = await cli('/nonexistent/extracts');
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('INPUT_DIR_MISSING');
    expect(r.stderr).toContain('/nonexistent/extracts');
  });

  it('missing required source', async () => {
    const r = await cli(await makeInputDir({ 'deca_test.csv': null }));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/SOURCE_MISSING.*Required source deca is missing: no deca\*\.csv file/);
    const manifest = JSON.parse(await readFile(join(r.out, 'run.json'), 'utf8'));
    expect(manifest.status).toBe('failed');
    expect(manifest.exitCode).toBe(3);
  });

  it('empty file', async () => {
    const r = await cli(await makeInputDir({ 'imilo_test.csv': '' }));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/FILE_EMPTY.*imilo_test\.csv.*empty/);
  });

  it('header only: a warning for the file, exit 3 when it leaves a required source without rows', async () => {
    const r = await cli(await makeInputDir({ 'deca_test.csv': 'NO_CONTRAT;NOM;PRENOM;SEXE;DATE_NAISSANCE;DATE_DEBUT_CONTRAT;DATE_FIN_CONTRAT\n' }));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/SOURCE_NO_ROWS.*deca.*deca_test\.csv/);
  });

  it('header only in an optional source is reported, not fatal', async () => {
    const out = await runOn(await makeInputDir({ 'agri_test.csv': SYGNE_HEADER + '\n' }));
    expect(out.exitCode).toBe(0);
    const agri = out.manifest.inputs.find((i) => i.source === 'agri')!;
    expect(agri).toMatchObject({ rows: 0, stored: 0, quarantined: 0, status: 'ok' });
  });

  it('missing required column names the file, the line and the column', async () => {
    const r = await cli(await makeInputDir({ 'sygne_test.csv': sygneCsv().replace('NOM_FAMILLE;', 'NOM;') }));
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('COLUMN_MISSING');
    expect(r.stderr).toContain('sygne_test.csv, line 1: missing required column NOM_FAMILLE');
  });

  it('binary garbage', async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    const r = await cli(await makeInputDir({ 'deca_test.csv': garbage }));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/FILE_BINARY.*deca_test\.csv.*not text/);
  });
});

describe('row-level problems: quarantined with file, line, field; the rest of the file goes on', () => {
  async function quarantineOf(sygneRows: string[], fileText?: string) {
    const out = await runOn(await makeInputDir({ 'sygne_test.csv': fileText ?? sygneCsv(sygneRows) }));
    expect(out.exitCode).toBe(0);
    const q = (await readQuarantine(out.outDir)).filter((r) => r.source === 'sygne');
    const sygne = out.manifest.inputs.find((i) => i.source === 'sygne')!;
    expect(sygne.rows).toBe(sygne.stored + sygne.quarantined);
    return { q, sygne };
  }

  it('a truncated last line', async () => {
    const text = sygneCsv() + SYGNE_ROWS[0]!.slice(0, 40); // no end of line
    const { q, sygne } = await quarantineOf([], text);
    expect(q).toEqual([expect.objectContaining({ file: 'sygne_test.csv', line: 5, code: 'ROW_TRUNCATED' })]);
    expect(q[0]!.message).toMatch(/truncated/);
    expect(sygne).toMatchObject({ rows: 4, stored: 3, quarantined: 1 });
  });

  it('a truncated last line inside a quoted value', async () => {
    const text = sygneCsv() + '0494004062M;"LEFEB';
    const { q } = await quarantineOf([], text);
    expect(q).toEqual([expect.objectContaining({ line: 5, code: 'ROW_TRUNCATED' })]);
  });

  it('a row with too many fields and a row with too few', async () => {
    const { q, sygne } = await quarantineOf([SYGNE_ROWS[0]!, SYGNE_ROWS[1]! + ';EXTRA', SYGNE_ROWS[2]!.split(';').slice(0, 10).join(';')]);
    expect(q.map((r) => [r.line, r.code])).toEqual([
      [3, 'ROW_FIELD_COUNT'],
      [4, 'ROW_FIELD_COUNT'],
    ]);
    expect(q[0]!.message).toBe('20 fields instead of 19 (too many)');
    expect(q[1]!.message).toBe('10 fields instead of 19 (too few)');
    expect(sygne).toMatchObject({ rows: 3, stored: 1, quarantined: 2 });
  });

  it('an impossible date', async () => {
    const { q } = await quarantineOf([SYGNE_ROWS[0]!.replace('14/03/2008', '31/02/2008'), SYGNE_ROWS[1]!]);
    expect(q).toEqual([expect.objectContaining({ line: 2, code: 'ROW_INVALID_DATE', field: 'DATE_NAISSANCE' })]);
    expect(q[0]!.message).toBe('"31/02/2008" is an impossible date');
  });

  it('a wrong INE key', async () => {
    const { q } = await quarantineOf([SYGNE_ROWS[0]!, SYGNE_ROWS[1]!, SYGNE_ROWS[2]!.replace('0756036001M', '0756036001P')]);
    expect(q).toEqual([expect.objectContaining({ line: 4, code: 'ROW_INE_KEY', field: 'INE' })]);
    expect(q[0]!.message).toContain('expected M');
  });

  it('an exact duplicate row, but not a change of school in the same year', async () => {
    const moved = SYGNE_ROWS[1]!.replace('0442953W', '0620108F').replace('02/09/2024;', '06/01/2025;');
    const { q, sygne } = await quarantineOf([SYGNE_ROWS[0]!, SYGNE_ROWS[1]!, moved, SYGNE_ROWS[0]!]);
    expect(q).toEqual([expect.objectContaining({ line: 5, code: 'ROW_DUPLICATE', message: 'exact duplicate of line 2' })]);
    expect(sygne).toMatchObject({ rows: 4, stored: 3, quarantined: 1 });
  });

  it('an invalid optional value keeps the row, empties the field and warns', async () => {
    const out = await runOn(await makeInputDir({ 'sygne_test.csv': sygneCsv([SYGNE_ROWS[0]!.replace(';ST;', ';XX;')]) }));
    expect(out.manifest.inputs.find((i) => i.source === 'sygne')).toMatchObject({ stored: 1, quarantined: 0, warnings: 1 });
    const warnings = await readFile(join(out.outDir, 'avertissements.csv'), 'utf8');
    expect(warnings).toContain('sygne;sygne_test.csv;2;ROW_INVALID_ENUM;STATUT;XX;');
  });
});

describe('thresholds and flags', () => {
  it('exit 4 when a file has more quarantined rows than allowed', async () => {
    const input = await makeInputDir({ 'sygne_test.csv': sygneCsv([SYGNE_ROWS[0]!, SYGNE_ROWS[1]!.replace('F;02/11', 'X;02/11'), SYGNE_ROWS[2]!]) });
    const r = await cli(input, '--max-quarantine-rate', '0.05');
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('sygne_test.csv: 1 of 3 rows quarantined (33.3%, exact duplicates not counted), above the allowed 5.0%');
  });

  it('exact duplicates are quarantined but do not count towards the rate', async () => {
    const input = await makeInputDir({ 'sygne_test.csv': sygneCsv([SYGNE_ROWS[0]!, SYGNE_ROWS[0]!, SYGNE_ROWS[1]!]) });
    const r = await cli(input, '--max-quarantine-rate', '0.05');
    expect(r.status).toBe(0);
    expect(await readFile(join(r.out, 'quarantine.csv'), 'utf8')).toContain('ROW_DUPLICATE');
  });

  it('exit 2 listing every invalid option at once', () => {
    const r = runCli(['run', '--input', 'x', '--out', 'y', '--as-of', '2025-13-01', '--max-quarantine-rate', '7', '--sources', 'sygne,foo']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Invalid option `--as-of`: expected a real date AAAA-MM-JJ, got "2025-13-01"');
    expect(r.stderr).toContain('Invalid option `--max-quarantine-rate`');
    expect(r.stderr).toContain('Invalid option `--sources`');
  });

  it('exit 2 on an unknown flag or a missing required one', () => {
    expect(runCli(['run', '--input', 'x', '--out', 'y', '--as-of', '2025-01-15', '--bogus']).status).toBe(2);
    expect(runCli(['run', '--input', 'x']).status).toBe(2);
  });

  it('--help documents every flag, exit code and output', () => {
    const top = runCli(['--help']);
    expect(top.status).toBe(0);
    const run = runCli(['run', '--help']);
    expect(run.status).toBe(0);
    for (const flag of ['--input', '--as-of', '--out', '--db', '--sources', '--max-quarantine-rate', '--two-digit-year-pivot', '--log-format', '--log-level']) {
      expect(run.stdout).toContain(flag);
    }
    for (const text of [top.stdout, run.stdout]) {
      for (const code of ['0  success', '1  internal error', '2  usage', '3  an input source', '4  quarantined rows']) expect(text).toContain(code);
      for (const output of ['key-figures.json', 'non-retrouves/', 'review.csv', 'rapport.html', 'rapports/', 'run.json', 'quarantine.csv']) expect(text).toContain(`  ${output}  `);
    }
  });
});
