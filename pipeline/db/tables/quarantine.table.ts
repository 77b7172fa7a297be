import type { Generated, Selectable } from 'kysely';

/** A rejected input row (or, with severity `warning`, a kept row with an emptied optional field). */
export interface QuarantineTable {
  quarantine_id: Generated<number>;
  input_file_id: number;
  source: string;
  file_name: string;
  line: number;
  severity: 'error' | 'warning';
  code: string;
  field: string | null;
  value: string | null;
  message: string;
  /** The row as read, so that nothing is lost. Holds personal data: never logged. */
  raw: string | null;
}
export type QuarantineRow = Selectable<QuarantineTable>;
