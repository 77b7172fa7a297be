import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES } from '../../../pipeline/campaign/campaign-rules.js';
import { openDatabase } from '../../../pipeline/db/database.js';
import { communeReferential } from '../../../pipeline/stages/commune-referential.js';
import { mergeSchoolLinkPersons, type SchoolLinkPersons } from '../../../pipeline/stages/school-link-persons.js';
import { PersonChunks, schoolLinkPersonsInRanges, startSchoolLinkPass } from '../../../pipeline/stages/school-link-ranges.js';
import { runOn } from '../../helpers/input-dir.js';

/** What the school link reads from its pass, as plain values to compare. */
function snapshot({ leavers, leaverIdentities, arrivals, arrivalStart }: SchoolLinkPersons) {
  return { leavers, leaverIdentities: [...leaverIdentities.entries()], arrivals: [...arrivals.entries()], arrivalStart: [...arrivalStart] };
}

describe("the school link's pass over the school persons, in chunks side by side", () => {
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

      // Chunks claimed by threads, each from its start until a chunk another holds: two threads'
      // parts, one joining late in the middle of what is left, give what one pass gives.
      const maxId = store.sqlite.prepare('SELECT MAX(person_id) FROM enrolment_person').pluck().get() as number;
      const chunks = PersonChunks.create(maxId, 8, false);
      expect(chunks.lateStart()).toBe(4);
      expect([chunks.claim(0, 1), chunks.claim(0, 2)]).toEqual([true, false]);
      // Thread 1 holds chunk 0; thread 2, joining now, starts in the middle of chunks 1 to 7.
      expect(chunks.lateStart()).toBe(4);
      expect(chunks.claim(4, 2)).toBe(true);
      const early = chunks.part(store.sqlite, run.runId, input, 0, 1, () => undefined);
      expect(early.range).toEqual({ from: 1, to: chunks.range(3).to });
      expect(chunks.lateStart()).toBe(5 + 1);
      const late = chunks.part(store.sqlite, run.runId, input, 4, 2, () => undefined);
      expect(late.range).toEqual({ from: chunks.range(4).from, to: maxId });
      expect(chunks.lateStart()).toBe(-1);
      expect(snapshot(mergeSchoolLinkPersons([late, early]))).toEqual(one);
      // Two runs of free chunks as long: the first one's middle.
      const tied = PersonChunks.create(maxId, 8, false);
      tied.claim(0, 1);
      tied.claim(4, 2);
      expect(tied.lateStart()).toBe(2);
      // Started, then joined a while later: the worker has taken more of the chunks meanwhile.
      const started = startSchoolLinkPass(store.sqlite, run.runId, input, { threads: 2 });
      await new Promise((r) => setTimeout(r, 300));
      expect(snapshot(mergeSchoolLinkPersons(await started.finish(store.sqlite)))).toEqual(one);

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
