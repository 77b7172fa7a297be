import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from './db/database.js';
import { SourceError } from './errors.js';
import { explainCandidates } from './matcher/explain.js';
import type { TrainedModel } from './matcher/model.js';
import type { MatcherSettings } from './matcher/settings.js';
import { isoToFrench } from './normalize/dates.js';
import { loadReviewDecisions } from './campaign/review-decisions.js';
import { solutionRecords } from './stages/solution-records.js';
import { communeReferential } from './stages/commune-referential.js';
import { firstNameCells, personIdentity, schoolPersons } from './stages/school-persons.js';
import { FirstNameFrequency, withFirstNameCounts } from './matcher/first-name-frequency.js';
import type { CampaignRules } from './campaign/campaign-rules.js';
import { DEFAULT_CAMPAIGN_RULES } from './campaign/campaign-rules.js';

/**
 * `siei explain <NUMERO_SIEI or INE> --out <dir>`: why a young person of the run in <dir> was or was
 * not found. Prints the person's status and, for every solution record that shares a blocking key
 * with them, each field's level and weight and the total, against the run's thresholds. For an
 * analyst at a terminal: it prints names and birth dates, and writes nothing.
 */
/** Resolves with false when no person has this identifier. */
export async function explain(id: string, outDir: string, dbFile: string | undefined, write: (line: string) => void): Promise<boolean> {
  let manifest: { runId: string; asOf: string; matcher: { settings: MatcherSettings; model: TrainedModel } | null; campaignRules?: CampaignRules; campaignReusedFrom?: string | null };
  try {
    manifest = JSON.parse(await readFile(join(outDir, 'run.json'), 'utf8'));
  } catch {
    throw new SourceError('FILE_UNREADABLE', `${join(outDir, 'run.json')} cannot be read: point --out at the folder of a run`, { file: join(outDir, 'run.json') });
  }
  if (!manifest.matcher) throw new SourceError('SOURCE_NO_ROWS', `the run ${manifest.runId} in ${outDir} computed no campaign (it failed): nothing to explain`, {});
  const store = await openDatabase(dbFile ?? join(outDir, 'siei.db'));
  try {
    const { sqlite } = store;
    const key = id.trim().toUpperCase();
    const person = sqlite
      .prepare(
        `SELECT p.person_id, p.numero_siei FROM person p WHERE p.numero_siei = ?
         UNION SELECT p.person_id, p.numero_siei FROM person p JOIN person_ine pi ON pi.person_id = p.person_id WHERE pi.ine = ?`,
      )
      .get(key, key) as { person_id: number; numero_siei: string } | undefined;
    if (!person) {
      write(`${id}: no person with this NUMERO_SIEI or INE in the database.`);
      return false;
    }
    const ines = (sqlite.prepare('SELECT ine FROM person_ine WHERE person_id = ? ORDER BY ine').pluck().all(person.person_id) as string[]).join(', ');
    // A run that reused a campaign reports that run's rows.
    const row = sqlite.prepare('SELECT * FROM campaign_person WHERE run_id = ? AND person_id = ?').get(manifest.campaignReusedFrom ?? manifest.runId, person.person_id) as
      | { status: string; in_ds: number; in_of: number; nom: string; prenom: string; date_naissance: string; code_psad: string; found_by_json: string }
      | undefined;
    write(`Person ${person.numero_siei} (INE ${ines}) — run ${manifest.runId}, campaign date ${manifest.asOf}`);
    if (!row) {
      write('Not in the DS or OF population of this run (not a leaver at the campaign date, or outside the ages): no solution was looked for.');
      return true;
    }
    const found = JSON.parse(row.found_by_json) as { source: string; file: number; line: number; weight: number | null; by?: 'decision' }[];
    write(`${row.nom} ${row.prenom}, born ${isoToFrench(row.date_naissance)} — population ${row.in_ds && row.in_of ? 'DS+OF' : row.in_of ? 'OF' : 'DS'} — status ${row.status}${row.status === 'non_retrouve' ? ` (list ${row.code_psad})` : ''}`);
    const { settings, model } = manifest.matcher;
    // The run's own rules (the I-Milo contact window decides which records were solutions); run.json
    // files written before the rules were configurable used the defaults.
    const rules: CampaignRules = manifest.campaignRules ?? DEFAULT_CAMPAIGN_RULES;
    const identity = personIdentity(sqlite, manifest.runId, person.person_id, communeReferential(sqlite, manifest.runId).postalOfCommune);
    if (!identity) return true;
    const records = [...solutionRecords(store.sqlite, manifest.runId, manifest.asOf, rules)];
    // The run compared first names knowing how many school persons carry each (a misspelt name is a
    // rare one): the same counts, so that the levels shown are the run's.
    const firstNames = new FirstNameFrequency();
    for (const rows of schoolPersons(sqlite, manifest.runId)) firstNames.addPerson(firstNameCells(rows));
    withFirstNameCounts(identity, firstNames);
    for (const r of records) withFirstNameCounts(r.identity, firstNames);
    const fileName = sqlite.prepare('SELECT file_name FROM input_file WHERE input_file_id = ?').pluck();
    const candidates = explainCandidates(identity, records, model, settings);
    // Decisions in force now: a NON written after this run is shown too (it applies from the next run).
    const { decisions } = loadReviewDecisions(sqlite, manifest.runId, new Map([[person.numero_siei, person.person_id]]));
    const label = (source: string) => (source === 'apprentissage' ? 'DECA' : 'I-Milo');
    write(`Thresholds: link at ${settings.matchWeight} (${settings.matchWeight + settings.surnameMismatchPenalty} with no surname agreement), ${settings.minMargin} above the next person; review from ${settings.reviewWeight}.`);
    write(`${candidates.length} solution record(s) at the campaign date share a blocking key with this person:`);
    for (const c of candidates) {
      const r = records[c.index]!;
      const linked = found.find((f) => f.file === r.file && f.line === r.line);
      const rejected = decisions.rejected(r.source === 'apprentissage' ? 'deca' : 'imilo', r.recordId)?.has(person.person_id);
      write(`  ${label(r.source)} ${fileName.get(r.file) as string}, line ${r.line}: ${r.identity.surnames.join(' / ')} ${r.identity.firstNames.join(' ')} ${r.identity.birthDates.join(' / ')} — total ${c.total}${linked ? ' — LINKED to this person' : ''}${rejected ? ' — NOT this person (review decision NON)' : ''}`);
      for (const f of c.fields) write(`      ${f.comparison.padEnd(12)} ${(f.level ?? 'missing').padEnd(36)} ${f.weight >= 0 ? '+' : ''}${f.weight}`);
    }
    for (const f of found.filter((f) => f.weight === null)) {
      write(`  ${label(f.source)} ${fileName.get(f.file) as string}, line ${f.line}: ${f.by === 'decision' ? 'linked by a review decision (OUI)' : 'linked by the NUMERO_SIEI it carries'}.`);
    }
    write('Totals here omit the run\'s surname-frequency adjustment (rare surnames weigh more, common ones less); a record linked to another person, or tied between two, is not linked to this one.');
    return true;
  } finally {
    await store.close();
  }
}
