/**
 * How many lines of the file a record's raw text (as csv-parse gives it, and unquoted-records.ts
 * reproduces) takes: its line feeds, plus one unless the raw text ends with its own line feed. In a
 * `\r\n` file the raw text ends with the `\r` alone, so a record holding a line break (inside quotes,
 * or a lone `\n`) spans one line more than its line feeds; counting only the line feeds put every
 * later line number one too low.
 */
export function linesSpanned(raw: string): number {
  let n = 0;
  for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) n++;
  return raw.endsWith('\n') ? Math.max(1, n) : n + 1;
}
