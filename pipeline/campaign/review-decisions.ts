import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { ReviewSource } from '../../connectors/decisions/decision-values.js';
import { decisionRowsToReport, decisionsInForce } from '../db/repositories/review-decision.repository.js';
import { recordIdKey } from '../normalize/record-id.js';

/**
 * The answers people gave to review.csv's questions, as the campaign applies them: `OUI` links the
 * record to the person deterministically (like the NUMERO_SIEI an I-Milo record carries), `NON`
 * takes the person out of the record's candidates. Either way the question is not asked again.
 */
export interface ReviewDecisions {
  /** Persons a reviewer said the record is. */
  confirmed(source: ReviewSource, recordId: string): readonly number[];
  /** Persons a reviewer said the record is not. */
  rejected(source: ReviewSource, recordId: string): ReadonlySet<number> | undefined;
}

/** What run.json and the log say about decisions (counts and file positions only: no person). */
export interface DecisionsSummary {
  /** Decisions in force (the latest answer of every decisions file ever read) about a person of the database, by answer. */
  inForce: { oui: number; non: number };
  /** Rows of this run's decisions files with an empty DECISION: not decided yet, nothing applied. */
  undecidedRows: number;
  /** Solution records of this run linked by an `OUI`. */
  linkedByDecision: number;
  /** (solution record, person) pairs of this run taken out of the matcher by a `NON`. */
  excludedPairs: number;
  /** Rows of this run's decisions files whose NUMERO_SIEI no person of the database has (ignored). */
  unknownNumeroSiei: { file: string; line: number }[];
}

export function loadReviewDecisions(
  sqlite: SQLiteDatabase,
  runId: string,
  personBySiei: Pick<ReadonlyMap<string, number>, 'get'>,
): { decisions: ReviewDecisions; summary: DecisionsSummary } {
  const confirmed = new Map<string, number[]>();
  const rejected = new Map<string, Set<number>>();
  const inForce = { oui: 0, non: 0 };
  for (const d of decisionsInForce(sqlite)) {
    const personId = personBySiei.get(d.numero_siei);
    if (personId === undefined) continue; // reported below when the file is this run's; inert otherwise
    const key = questionKey(d.record_source, d.record_key);
    if (d.decision === 'OUI') {
      inForce.oui++;
      confirmed.set(key, [...(confirmed.get(key) ?? []), personId]);
    } else {
      inForce.non++;
      rejected.set(key, (rejected.get(key) ?? new Set()).add(personId));
    }
  }
  const report = decisionRowsToReport(sqlite, runId);
  return {
    decisions: {
      confirmed: (source, recordId) => confirmed.get(questionKey(source, recordIdKey(recordId))) ?? [],
      rejected: (source, recordId) => rejected.get(questionKey(source, recordIdKey(recordId))),
    },
    summary: { inForce, undecidedRows: report.undecided, linkedByDecision: 0, excludedPairs: 0, unknownNumeroSiei: report.unknownNumeroSiei },
  };
}

function questionKey(source: string, recordKey: string): string {
  return `${source}\u0000${recordKey}`;
}
