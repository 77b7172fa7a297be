import { expect, it } from 'vitest';
import type { Connector } from '../../connectors/connector.js';
import { parseField } from '../../connectors/csv/field-types.js';
import { headerKey, matchHeader } from '../../connectors/csv/header.js';
import { openDatabase } from '../../pipeline/db/database.js';
import { tempOutDir } from '../helpers/input-dir.js';
import { join } from 'node:path';

/**
 * The contract every connector passes (Singer's tap tests, for our CSV connectors). `sample` is one
 * valid data row as EXTRACTS.md writes it, keyed by header.
 */
export function connectorContract(connector: Connector, sample: Record<string, string>): void {
  it('declares unique headers and columns, all in upper snake case', () => {
    const headers = connector.columns.map((c) => c.header);
    expect(new Set(headers).size).toBe(headers.length);
    expect(new Set(connector.columns.map((c) => c.column)).size).toBe(headers.length);
    for (const h of headers) expect(h).toMatch(/^[A-Z0-9_]+$/);
    expect(connector.filePrefix).toBe(connector.source);
  });

  it('has a required column set that the sample fills and that parses', () => {
    for (const spec of connector.columns) {
      const raw = sample[spec.header];
      if (spec.required) expect(raw, `sample lacks required ${spec.header}`).toBeTruthy();
      if (raw) expect(parseField(spec.type, raw, { twoDigitYearPivot: 2025 }), spec.header).toMatchObject({ ok: true });
    }
  });

  it('accepts its own sample row through finish() without an issue', () => {
    const row: Record<string, string | number | null> = {};
    for (const spec of connector.columns) {
      const raw = sample[spec.header];
      const parsed = raw ? parseField(spec.type, raw, { twoDigitYearPivot: 2025 }) : null;
      row[spec.column] = parsed && parsed.ok ? parsed.value : null;
    }
    const warnings: unknown[] = [];
    expect(connector.finish ? connector.finish(row, (w) => warnings.push(w)) : null).toBeNull();
    expect(warnings).toEqual([]);
    for (const d of connector.derivedColumns) expect(row[d], `derived ${d}`).not.toBeUndefined();
  });

  it('matches its header whatever the case, accents and spacing', () => {
    const messy = connector.columns.map((c) => ` ${c.header.toLowerCase().replace(/_/g, ' ').replace(/e/, 'é')} `);
    const m = matchHeader(messy, connector.columns);
    expect(m.missingRequired).toEqual([]);
    expect(m.indexes).toEqual(connector.columns.map((_, i) => i));
    expect(headerKey(messy[0]!)).toBe(headerKey(connector.columns[0]!.header));
  });

  it('reports the missing required columns when they are absent', () => {
    const m = matchHeader(['SOMETHING_ELSE'], connector.columns);
    expect(m.missingRequired).toEqual(connector.columns.filter((c) => c.required).map((c) => c.header));
    expect(m.unknown).toEqual(['SOMETHING_ELSE']);
  });

  it('writes to a table that has every column it declares, plus lineage', async () => {
    const store = await openDatabase(join(await tempOutDir(), 'contract.db'));
    try {
      const cols = (store.sqlite.prepare(`PRAGMA table_info(${connector.table})`).all() as { name: string }[]).map((c) => c.name);
      for (const c of ['source', 'input_file_id', 'line', 'run_id', ...connector.columns.map((x) => x.column), ...connector.derivedColumns]) {
        expect(cols).toContain(c);
      }
    } finally {
      await store.close();
    }
  });
}
