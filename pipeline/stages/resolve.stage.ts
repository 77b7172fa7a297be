import { newNumeroSiei } from '../db/repositories/person.repository.js';
import type { OpenDatabase } from '../db/database.js';
import { normalizeFirstNames, normalizeName } from '../normalize/names.js';
import type { RunContext } from '../run-context.js';
import { linkSchoolIdentities, type SchoolLinkResult } from './school-link.js';
import { loadSchoolSpans, shareSchool, sideBySide, type SchoolSpan } from './school-spans.js';

export interface ResolveResult {
  schoolIdentifiers: number;
  persons: number;
  newPersons: number;
  /** INEs joined to another INE of the same person by an exact identity (several INEs per person). */
  inesLinkedByIdentity: number;
  /** INEs of the same exact identity kept apart: they were at two schools at the same time (school-spans.ts). */
  inesKeptApartBySchools: number;
  /** Persons of earlier runs found to be one person now (their INEs now point at the oldest). */
  personsMerged: number;
  /** Persons of earlier runs found to be two pupils now: one keeps the NUMERO_SIEI, the other gets a new one. */
  personsSplit: number;
  /** The probabilistic pass: leavers found enrolled under another INE (school-link.ts). */
  schoolLink: SchoolLinkResult;
}

/**
 * Stage 2: the school sources deduplicated into persons, each with a stable NUMERO_SIEI.
 * Deterministic pass: one INE is one person; two INEs are one person when their records carry the
 * same exact identity (normalised birth surname and first name, birth date, sex) and compatible
 * birth places: the same, or one missing while the identity knows only one place. Two homonyms born
 * the same day in different places stay apart, and so do two INEs that were at two schools at the
 * same time (school-spans.ts). Then a probabilistic pass (school-link.ts) links the
 * leavers to a recent enrolment under another INE and a variant identity.
 */
export async function resolveStage(ctx: RunContext, store: OpenDatabase): Promise<ResolveResult> {
  const { sqlite } = store;
  const ineIndex = new Map<string, number>();
  const ines: string[] = [];
  const parent: number[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  // Records grouped by exact identity (normalised birth surname and first name, birth date, sex);
  // the birth place decides within a group, below.
  const groups = new Map<string, { idx: number; place: string | null }[]>();
  const rows = sqlite
    .prepare(
      `SELECT DISTINCT e.ine, e.nom_famille, e.prenom1, e.date_naissance, e.sexe, e.code_commune_naissance, e.code_pays_naissance
       FROM enrolment e JOIN run_input r ON r.input_file_id = e.input_file_id AND r.run_id = ?`,
    )
    .raw()
    .iterate(ctx.runId) as IterableIterator<[string, string, string, string, string, string | null, string | null]>;
  for (const [ine, nom, prenom, naissance, sexe, communeNaissance, paysNaissance] of rows) {
    let idx = ineIndex.get(ine);
    if (idx === undefined) {
      idx = ines.length;
      ineIndex.set(ine, idx);
      ines.push(ine);
      parent.push(idx);
    }
    const key = `${normalizeName(nom).compact}|${normalizeFirstNames(prenom).first ?? ''}|${naissance}|${sexe}`;
    const place = communeNaissance ?? paysNaissance;
    const group = groups.get(key);
    if (group) group.push({ idx, place });
    else groups.set(key, [{ idx, place }]);
  }
  // Same identity, same birth place: one person. A record without a birth place joins the group only
  // when the group knows a single place: with two, it could be either homonym, and merging two people
  // would drop one of them from the lists (a young person never called). Nor are two INEs one person
  // when they were at two schools at the same time (school-spans.ts): each joins the first pupil of
  // its group it does not sit beside, one sharing a school with it first.
  const inGroups = new Set<string>();
  for (const group of groups.values()) if (group.length > 1 && group.some((g) => g.idx !== group[0]!.idx)) for (const g of group) inGroups.add(ines[g.idx]!);
  const spansOfIne = loadSchoolSpans(sqlite, ctx.runId, inGroups);
  inGroups.clear();
  /** The spans of each component, under its root (merged as components are). */
  const spans = new Map<number, SchoolSpan[]>();
  const spansOf = (root: number): SchoolSpan[] => {
    let list = spans.get(root);
    if (!list) spans.set(root, (list = [...(spansOfIne.get(ines[root]!) ?? [])]));
    return list;
  };
  let linked = 0;
  let keptApart = 0;
  const link = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    const merged = [...spansOf(ra), ...spansOf(rb)];
    spans.delete(ra);
    spans.delete(rb);
    union(a, b);
    spans.set(find(a), merged);
    linked++;
  };
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const places = new Set(group.map((g) => g.place).filter((p): p is string => p !== null));
    const pupilsAt = new Map<string | null, number[]>();
    for (const g of group) {
      const key = places.size <= 1 ? 'single' : g.place;
      if (key === null) continue;
      const pupils = pupilsAt.get(key);
      if (!pupils) {
        pupilsAt.set(key, [g.idx]);
        continue;
      }
      const own = find(g.idx);
      if (pupils.some((p) => find(p) === own)) continue;
      const fits = pupils.filter((p) => !sideBySide(spansOf(find(p)), spansOf(own)));
      const target = fits.find((p) => shareSchool(spansOf(find(p)), spansOf(own))) ?? fits[0];
      if (target === undefined) {
        pupils.push(g.idx);
        keptApart++;
      } else link(target, g.idx);
    }
  }
  spans.clear();
  spansOfIne.clear();

  const known = new Map<string, number>();
  for (const [ine, personId] of sqlite.prepare('SELECT ine, person_id FROM person_ine').raw().iterate() as IterableIterator<[string, number]>) {
    known.set(ine, personId);
  }
  const components = new Map<number, number[]>();
  for (let i = 0; i < ines.length; i++) {
    const r = find(i);
    const list = components.get(r);
    if (list) list.push(i);
    else components.set(r, [i]);
  }

  const insertPerson = sqlite.prepare('INSERT INTO person (numero_siei, first_run_id) VALUES (?, ?)');
  const upsertIne = sqlite.prepare(
    'INSERT INTO person_ine (ine, person_id, first_run_id) VALUES (?, ?, ?) ON CONFLICT (ine) DO UPDATE SET person_id = excluded.person_id',
  );
  let newPersons = 0;
  let merged = 0;
  let split = 0;
  /** Persons of earlier runs already given to a component: a person found to be two pupils keeps its number for one of them. */
  const given = new Set<number>();
  sqlite.transaction(() => {
    for (const members of components.values()) {
      const existing = [...new Set(members.map((i) => known.get(ines[i]!)).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
      const free = existing.filter((p) => !given.has(p));
      if (existing.length && !free.length) split++;
      let personId = free[0];
      if (personId === undefined) {
        personId = Number(insertPerson.run(newNumeroSiei(), ctx.runId).lastInsertRowid);
        newPersons++;
      }
      given.add(personId);
      merged += Math.max(0, free.length - 1);
      for (const i of members) if (known.get(ines[i]!) !== personId) upsertIne.run(ines[i]!, personId, ctx.runId);
    }
  })();

  const schoolLink = await linkSchoolIdentities(ctx, sqlite);
  const result = { schoolIdentifiers: ines.length, persons: components.size - schoolLink.merged, newPersons, inesLinkedByIdentity: linked, inesKeptApartBySchools: keptApart, personsMerged: merged, personsSplit: split, schoolLink };
  ctx.log.info({ event: 'resolve.done', ...result }, `${result.persons} persons from ${result.schoolIdentifiers} INEs (${newPersons} new)`);
  return result;
}
