import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES } from '../../../pipeline/campaign/campaign-rules.js';
import { openDatabase } from '../../../pipeline/db/database.js';
import { communeReferential } from '../../../pipeline/stages/commune-referential.js';
import { mergeSchoolLinkPersons, type SchoolLinkPersons } from '../../../pipeline/stages/school-link-persons.js';
import { schoolLinkPersonsInRanges } from '../../../pipeline/stages/school-link-ranges.js';
import { runOn } from '../../helpers/input-dir.js';

/** What the school link reads from its pass, as plain values to compare. */
function snapshot({ leavers, leaverIdentities, arrivals, arrivalStart }: SchoolLinkPersons) {
  return { leavers, leaverIdentities: [...leaverIdentities.entries()], arrivals: [...arrivals.entries()], arrivalStart: [...arrivalStart] };
}

describe("the school link's pass over the school persons, in ranges side by side", () => {
  it('gives what one pass gives, whatever the number of threads', async () => {
    const run = await runOn('fixtures/scenarios/demo/input');
    expect(run.exitCode).toBe(0);
    const store = await openDatabase(run.manifest.flags.db as string);
    try {
      const input = { asOf: '2025-01-15', rules: DEFAULT_CAMPAIGN_RULES };
      const passes = [];
      const persons = store.sqlite.prepare('SELECT COUNT(DISTINCT person_id) FROM enrolment_person').pluck().get() as number;
      for (const threads of [1, 2, 3]) {
        let counted = 0;
        const parts = await schoolLinkPersonsInRanges(store.sqlite, run.runId, input, threads, (n) => (counted += n));
        expect(parts).toHaveLength(threads);
        // Every person read is counted once, in whichever thread, for the progress bar.
        expect(counted).toBe(persons);
        // Consecutive ranges from the first person to the last, none left out.
        expect(parts.map((p) => p.range.from)).toEqual(parts.map((_, k) => (k === 0 ? 1 : parts[k - 1]!.range.to + 1)));
        passes.push(snapshot(mergeSchoolLinkPersons(parts)));
      }
      const [one, two, three] = passes;
      expect(one!.leavers.length).toBeGreaterThan(100);
      expect(one!.arrivals.length).toBeGreaterThan(100);
      // Leaver i is identity i, arrival i has its start.
      expect(one!.leaverIdentities.map((e) => e.personId)).toEqual(one!.leavers.map((l) => l.personId));
      expect(one!.arrivalStart.map(([id]) => id)).toEqual(one!.arrivals.map((a) => a.personId));
      expect(two).toEqual(one);
      expect(three).toEqual(one);

      // Building the campaign's persons in the same pass, whose identities and populations the
      // school link then takes (with postal codes, dropped for it), changes nothing of the link's.
      const postalCodes = [...communeReferential(store.sqlite, run.runId).postalOfCommune];
      expect(postalCodes.length).toBeGreaterThan(100);
      const withCampaign = await schoolLinkPersonsInRanges(store.sqlite, run.runId, { ...input, campaign: { ...input, postalCodes } }, 2);
      expect(withCampaign.every((part) => part.campaign)).toBe(true);
      expect(snapshot(mergeSchoolLinkPersons(withCampaign))).toEqual(one);

      // Inside a transaction, the workers' connections would not see its rows: one range, read here.
      store.sqlite.exec('BEGIN');
      try {
        const parts = await schoolLinkPersonsInRanges(store.sqlite, run.runId, input, 2);
        expect(parts).toHaveLength(1);
        expect(snapshot(mergeSchoolLinkPersons(parts))).toEqual(one);
      } finally {
        store.sqlite.exec('ROLLBACK');
      }
    } finally {
      await store.close();
    }
  });
});
