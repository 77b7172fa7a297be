import type { Database as SQLiteDatabase, Statement } from 'better-sqlite3';

/**
 * An INSERT run for many rows at a time (a multi-row VALUES): one statement per row costs its
 * binding and step each time, about three times as much per row (measured on the 4.6 million INEs of
 * France). Rows are sent in the order given; `flush` sends the rest. `onStatement(lastRowid, rows)`
 * follows every statement run: rows inserted into a rowid table by one statement get consecutive ids
 * ending at `lastRowid`.
 */
export class BatchedInsert {
  private readonly many: Statement;
  private readonly one: Statement;
  private readonly pending: unknown[] = [];

  constructor(
    sqlite: SQLiteDatabase,
    /** The statement, `VALUES` standing where the rows go: `INSERT INTO t (a, b) VALUES ON CONFLICT …`. */
    sql: string,
    private readonly width: number,
    private readonly onStatement: (lastRowid: number, rows: number) => void = () => undefined,
    private readonly rowsPerStatement = 64,
  ) {
    const tuple = `(${Array(width).fill('?').join(', ')})`;
    const withRows = (n: number) => sql.replace(/\bVALUES\b/, `VALUES ${Array(n).fill(tuple).join(', ')}`);
    this.many = sqlite.prepare(withRows(rowsPerStatement));
    this.one = sqlite.prepare(withRows(1));
  }

  add(...values: unknown[]): void {
    if (values.length !== this.width) throw new Error(`BatchedInsert: ${values.length} values for ${this.width} columns`);
    for (const v of values) this.pending.push(v);
    if (this.pending.length === this.width * this.rowsPerStatement) {
      this.onStatement(Number(this.many.run(...this.pending).lastInsertRowid), this.rowsPerStatement);
      this.pending.length = 0;
    }
  }

  flush(): void {
    for (let at = 0; at < this.pending.length; at += this.width) {
      this.onStatement(Number(this.one.run(...this.pending.slice(at, at + this.width)).lastInsertRowid), 1);
    }
    this.pending.length = 0;
  }
}
