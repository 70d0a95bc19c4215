/** The delimiters ERP exports use. */
export const CSV_DELIMITERS = [';', ',', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * The delimiter of a file, from its first record: the candidate that occurs most often outside quotes (`;` wins
 * ties: Polish exports use it because the comma is the decimal mark). Undefined when none occurs (one column).
 */
export function detectDelimiter(text: string): CsvDelimiter | undefined {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (CSV_DELIMITERS as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: CsvDelimiter | undefined;
  for (const d of CSV_DELIMITERS) if ((counts.get(d) ?? 0) > (best === undefined ? 0 : counts.get(best)!)) best = d;
  return best;
}
