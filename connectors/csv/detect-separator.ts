/**
 * The separator is read off the header line: `;` is the rule (EXTRACTS.md), `,` and tab are accepted
 * when the header clearly uses them. Quoted parts are skipped so that a quoted `;` does not count.
 */
export type Separator = ';' | ',' | '\t';

export function detectSeparator(headerLine: string): Separator {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] >= counts[','] && counts[';'] >= counts['\t']) return ';';
  return counts[','] >= counts['\t'] ? ',' : '\t';
}
