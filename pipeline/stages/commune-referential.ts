import type { Database as SQLiteDatabase } from 'better-sqlite3';

/** The run's commune → PSAD referential (first row of a commune wins) and the postal codes of each commune. */
export function communeReferential(sqlite: SQLiteDatabase, runId: string) {
  const psadOfCommune = new Map<string, { code: string; label: string }>();
  const postalOfCommune = new Map<string, string[]>();
  const psads = new Map<string, string>();
  for (const c of sqlite
    .prepare(
      `SELECT c.code_commune, c.code_postal, c.code_psad, c.libelle_psad FROM commune_psad c
       JOIN run_input r ON r.input_file_id = c.input_file_id AND r.run_id = ? ORDER BY c.input_file_id, c.line`,
    )
    .iterate(runId) as IterableIterator<{ code_commune: string; code_postal: string | null; code_psad: string; libelle_psad: string }>) {
    if (!psadOfCommune.has(c.code_commune)) psadOfCommune.set(c.code_commune, { code: c.code_psad, label: c.libelle_psad });
    if (c.code_postal) postalOfCommune.set(c.code_commune, [...(postalOfCommune.get(c.code_commune) ?? []), c.code_postal]);
    if (!psads.has(c.code_psad)) psads.set(c.code_psad, c.libelle_psad);
  }
  return { psadOfCommune, postalOfCommune, psads };
}
