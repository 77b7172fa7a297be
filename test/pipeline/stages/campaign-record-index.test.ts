import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../pipeline/config.js';
import { openDatabase } from '../../../pipeline/db/database.js';
import { silentLog } from '../../../pipeline/log.js';
import { createRunContext } from '../../../pipeline/run-context.js';
import { CampaignHandoff } from '../../../pipeline/stages/campaign-handoff.js';
import { campaignStage } from '../../../pipeline/stages/campaign.stage.js';
import { PACKAGE_VERSION } from '../../../pipeline/version.js';
import { runOn } from '../../helpers/input-dir.js';

/**
 * In a run, the campaign's matcher takes the blocking index of every solution record read, built in
 * a worker (campaign-handoff.ts), and keeps its entries of the records it compares: those linked by
 * the NUMERO_SIEI a mission locale handed back are not (campaign.stage.ts). The campaign must be
 * the one it computes alone, building the index of its records itself.
 */
describe("the campaign with its records' index built in a worker", () => {
  it('gives the rows and results of the campaign computed alone, records linked by NUMERO_SIEI left out', async () => {
    const run = await runOn('fixtures/scenarios/demo/input');
    expect(run.exitCode).toBe(0);
    const db = run.manifest.flags.db as string;
    const store = await openDatabase(db);
    const { sqlite } = store;
    try {
      // Every ninth pathway carries a person's NUMERO_SIEI: the matcher's records are runs of those read, not all of them.
      sqlite.exec('UPDATE imilo_pathway SET numero_siei = (SELECT numero_siei FROM person WHERE person_id = 1 + imilo_pathway.rowid % 100) WHERE rowid % 9 = 0');
      const config = normalizeConfig({ input: '.', out: '.', asOf: '2025-01-15', db, logFormat: 'json' });
      const ctx = { ...createRunContext(config, silentLog(), PACKAGE_VERSION), runId: run.runId };
      const rows = () => ['campaign_person', 'campaign_review'].map((t) => sqlite.prepare(`SELECT * FROM ${t} WHERE run_id = ? ORDER BY rowid`).all(run.runId));
      const clear = () => ['campaign_person', 'campaign_review'].forEach((t) => sqlite.prepare(`DELETE FROM ${t} WHERE run_id = ?`).run(run.runId));

      clear();
      const alone = await campaignStage(ctx, store);
      const expected = rows();
      expect(alone.matcher.summary.linkedBySiei).toBeGreaterThan(5);
      expect(alone.matcher.summary.records).toBeGreaterThan(100);
      expect(alone.found.accompagne_ml + alone.found.apprentissage).toBeGreaterThan(50);

      clear();
      const handoff = new CampaignHandoff();
      handoff.startSolutions(sqlite, { runId: run.runId, asOf: config.asOf, rules: config.campaign });
      // Read by the time the index is asked for, as in a run: its worker starts at once (campaign-handoff.ts).
      await (handoff as unknown as { solutions: { read: Promise<unknown> } }).solutions.read;
      handoff.indexSolutions(config.matcher);
      const handed = await campaignStage(ctx, store, handoff);
      expect(rows()).toEqual(expected);
      expect(handed).toEqual(alone);
    } finally {
      await store.close();
    }
  });
});
