import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES } from '../../../pipeline/campaign/campaign-rules.js';
import { openDatabase } from '../../../pipeline/db/database.js';
import { indexStoredRecords, type SharedBlockingIndex } from '../../../pipeline/matcher/blocking-index.js';
import { IdentityStore } from '../../../pipeline/matcher/identity-store.js';
import { DEFAULT_MATCHER_SETTINGS } from '../../../pipeline/matcher/settings.js';
import { CampaignHandoff } from '../../../pipeline/stages/campaign-handoff.js';
import { readSolutionRecords, solutionAt, solutionRecords, startSolutionRecords, type SolutionRecordsRead } from '../../../pipeline/stages/solution-records.js';
import { runOn } from '../../helpers/input-dir.js';

/** A read as the records `solutionRecords` yields, identities included. */
function records(read: SolutionRecordsRead) {
  const identities = IdentityStore.concat([read.identities]);
  const numeros = new Map(read.numerosSiei);
  return read.recordIds.map((_, k) => ({ ...solutionAt(read, k, numeros.get(k) ?? null), identity: identities.identity(k) }));
}

describe("the campaign's solution records, read in a worker", () => {
  it('are the records solutionRecords yields, read in a worker or in this thread', async () => {
    const run = await runOn('fixtures/scenarios/demo/input');
    expect(run.exitCode).toBe(0);
    const store = await openDatabase(run.manifest.flags.db as string);
    const { sqlite } = store;
    try {
      const input = { runId: run.runId, asOf: '2025-01-15', rules: DEFAULT_CAMPAIGN_RULES };
      // The demo's missions locales hand back no NUMERO_SIEI: a few pathways carry one here.
      sqlite.exec(`UPDATE imilo_pathway SET numero_siei = 'SIEI' || rowid WHERE rowid % 50 = 0`);
      const expected = [...solutionRecords(sqlite, input.runId, input.asOf, input.rules)];
      expect(expected.filter((r) => r.source === 'apprentissage').length).toBeGreaterThan(100);
      expect(expected.filter((r) => r.source === 'accompagne_ml').length).toBeGreaterThan(100);
      expect(expected.filter((r) => r.numeroSiei !== null).length).toBeGreaterThan(2);

      expect(records(readSolutionRecords(sqlite, input))).toEqual(expected);
      // A file database: in a worker thread, on a connection of its own.
      expect(records(await startSolutionRecords(sqlite, input))).toEqual(expected);
      // Inside a transaction the worker's connection might not see the same rows: read in this thread.
      sqlite.exec('BEGIN');
      try {
        expect(records(await startSolutionRecords(sqlite, input))).toEqual(expected);
      } finally {
        sqlite.exec('ROLLBACK');
      }

      // Handed over once, to the run they were read for.
      const handoff = new CampaignHandoff();
      handoff.startSolutions(sqlite, input);
      expect(handoff.takeSolutions('another-run')).toBeUndefined();
      handoff.startSolutions(sqlite, input);
      const taken = handoff.takeSolutions(input.runId)!;
      expect(records(await taken.read)).toEqual(expected);
      expect(taken.index).toBeUndefined();
      expect(handoff.takeSolutions(input.runId)).toBeUndefined();

      // With their blocking index, built in a worker: the index the matcher would build of every record read.
      handoff.startSolutions(sqlite, input);
      handoff.indexSolutions(DEFAULT_MATCHER_SETTINGS);
      const indexed = handoff.takeSolutions(input.runId)!;
      const read = await indexed.read;
      const built = indexStoredRecords(IdentityStore.concat([read.identities]).shared(), DEFAULT_MATCHER_SETTINGS).shared();
      const arrays = (s: SharedBlockingIndex) => [s.main, s.nowhere].map((t) => [t.keys, t.starts, t.records, t.directory].map((a) => [...a]));
      expect(arrays((await indexed.index)!)).toEqual(arrays(built));
      expect(built.main.records.length).toBeGreaterThan(expected.length);
    } finally {
      await store.close();
    }
  });

  it("reports the worker's failure as the read's", async () => {
    const run = await runOn('fixtures/scenarios/demo/input');
    const store = await openDatabase(run.manifest.flags.db as string);
    try {
      store.sqlite.exec('ALTER TABLE imilo_pathway RENAME TO imilo_pathway_gone');
      await expect(startSolutionRecords(store.sqlite, { runId: run.runId, asOf: '2025-01-15', rules: DEFAULT_CAMPAIGN_RULES })).rejects.toThrow(/solution records worker: .*imilo_pathway/);
    } finally {
      await store.close();
    }
  });
});
