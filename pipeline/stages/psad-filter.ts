import type { Database as SQLiteDatabase } from 'better-sqlite3';
import jaroWinkler from 'jaro-winkler';
import { ConfigError } from '../errors.js';
import { UNDETERMINED_PSAD } from './campaign.stage.js';

/**
 * `--psad`: the codes asked for, checked against the communes_psad referential the run has just
 * read (and NON_DETERMINE, the list of residences without a PSAD). Checked right after ingestion,
 * before the long stages, so that a typo costs seconds; a code is matched ignoring case and comes
 * back as the referential spells it (it names the list's file). An unknown code is a usage error
 * (exit 2) that says how many codes exist and which are closest.
 */
export function resolvePsadFilter(sqlite: SQLiteDatabase, runId: string, requested: readonly string[]): string[] {
  const known = [
    ...(sqlite
      .prepare(
        `SELECT DISTINCT c.code_psad FROM commune_psad c JOIN run_input r ON r.input_file_id = c.input_file_id AND r.run_id = ?
         ORDER BY c.code_psad`,
      )
      .pluck()
      .all(runId) as string[]),
    UNDETERMINED_PSAD,
  ];
  const byUpper = new Map(known.map((c) => [c.toUpperCase(), c]));
  const problems: string[] = [];
  const codes: string[] = [];
  for (const code of requested) {
    const found = byUpper.get(code.toUpperCase());
    if (found) {
      if (!codes.includes(found)) codes.push(found);
      continue;
    }
    problems.push(
      `Invalid option \`--psad\`: unknown code ${JSON.stringify(code)}; the communes_psad referential of this run has ${known.length - 1} PSAD codes ` +
        `(and ${UNDETERMINED_PSAD}); closest: ${closest(code, known).join(', ')}`,
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return codes;
}

/** The three known codes most like `code` (Jaro-Winkler on upper case, then alphabetical). */
export function closest(code: string, known: readonly string[], n = 3): string[] {
  const target = code.toUpperCase();
  return [...known]
    .map((k) => ({ k, score: jaroWinkler(target, k.toUpperCase()) }))
    .sort((a, b) => b.score - a.score || a.k.localeCompare(b.k))
    .slice(0, n)
    .map((x) => x.k);
}
