import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES } from '../../../pipeline/campaign/campaign-rules.js';
import { openDatabase } from '../../../pipeline/db/database.js';
import { FirstNameFrequency } from '../../../pipeline/matcher/first-name-frequency.js';
import { CampaignHandoff } from '../../../pipeline/stages/campaign-handoff.js';
import { mergeCampaignPersons, readCampaignPersons, type CampaignPersons } from '../../../pipeline/stages/campaign-persons.js';
import { communeReferential } from '../../../pipeline/stages/commune-referential.js';
import { mergeEnrolmentPersons } from '../../../pipeline/stages/enrolment-persons.js';
import { mergeSchoolLinkPersons } from '../../../pipeline/stages/school-link-persons.js';
import { schoolLinkPersonsInRanges } from '../../../pipeline/stages/school-link-ranges.js';
import { firstNameCells, schoolPersons } from '../../../pipeline/stages/school-persons.js';
import { campaignPersonsPart } from '../../../pipeline/stages/campaign-persons.js';
import { runOn } from '../../helpers/input-dir.js';

/** What the campaign reads from its persons, as plain values to compare. */
function snapshot(p: CampaignPersons) {
  const identities = [...p.identities.entries()];
  const names = new Set(identities.flatMap((e) => e.identity.firstNames));
  return {
    identities,
    population: [...p.population.persons()],
    pupils: identities.filter((e) => p.pupils.has(e.personId)).map((e) => e.personId),
    shown: identities.map((e) => p.shownRow[e.personId]),
    firstNames: [...names].sort().map((n) => [n, p.firstNames.count(n)]),
    persons: p.firstNames.personCount,
  };
}

describe("the campaign's persons, built by the school link's pass and handed over", () => {
  it('are what the campaign reads alone: in one range or several, with persons merged after the pass', async () => {
    const run = await runOn('fixtures/scenarios/demo/input');
    expect(run.exitCode).toBe(0);
    const store = await openDatabase(run.manifest.flags.db as string);
    const { sqlite } = store;
    try {
      const campaign = { asOf: '2025-01-15', rules: DEFAULT_CAMPAIGN_RULES, postalCodes: [...communeReferential(sqlite, run.runId).postalOfCommune] };
      const input = { asOf: campaign.asOf, rules: campaign.rules, campaign };
      const alone = snapshot(readCampaignPersons(sqlite, run.runId, campaign));

      // The campaign's own pass, written as it was before the handoff: first names counted on the cells.
      const cellCounts = new FirstNameFrequency();
      let persons = 0;
      for (const rows of schoolPersons(sqlite, run.runId)) {
        cellCounts.addPerson(firstNameCells(rows));
        persons++;
      }
      expect(alone.identities).toHaveLength(persons);
      expect(alone.persons).toBe(persons);
      expect(alone.firstNames).toEqual(alone.firstNames.map(([n]) => [n, cellCounts.count(n as string)]));
      expect(alone.population.length).toBeGreaterThan(100);
      expect(alone.pupils.length).toBeGreaterThan(100);
      expect(alone.shown.every((rowid) => rowid! > 0)).toBe(true);

      for (const threads of [1, 2, 3]) {
        const { campaignParts } = mergeSchoolLinkPersons(await schoolLinkPersonsInRanges(sqlite, run.runId, input, threads));
        expect(campaignParts).toHaveLength(threads);
        expect(snapshot(mergeCampaignPersons(run.runId, campaignParts!))).toEqual(alone);
      }

      // Two persons merged after the pass, as the school link does: the second's enrolments go to the
      // first. The parts read before, with the first read again, give what a read after gives.
      const { campaignParts } = mergeSchoolLinkPersons(await schoolLinkPersonsInRanges(sqlite, run.runId, input, 2));
      const [keep, gone] = [alone.population[3]!.personId, alone.identities[alone.identities.length - 2]!.personId];
      sqlite.transaction(() => {
        sqlite.prepare('UPDATE person_ine SET person_id = ? WHERE person_id = ?').run(keep, gone);
        mergeEnrolmentPersons(sqlite, [[gone, keep]]);
      })();
      const after = snapshot(readCampaignPersons(sqlite, run.runId, campaign));
      expect(after.identities).toHaveLength(persons - 1);
      expect(after).not.toEqual(alone);
      const redone = { persons: new Set([keep, gone]), part: campaignPersonsPart(schoolPersons(sqlite, run.runId, { persons: [keep] }), campaign) };
      expect(snapshot(mergeCampaignPersons(run.runId, campaignParts!, redone))).toEqual(after);
    } finally {
      await store.close();
    }
  });

  it('are taken once, and only by the run they were read for', () => {
    const handoff = new CampaignHandoff();
    const persons = { runId: 'run-a' } as CampaignPersons;
    handoff.putPersons(persons);
    expect(handoff.takePersons('run-b')).toBeUndefined();
    handoff.putPersons(persons);
    expect(handoff.takePersons('run-a')).toBe(persons);
    expect(handoff.takePersons('run-a')).toBeUndefined();
  });
});
