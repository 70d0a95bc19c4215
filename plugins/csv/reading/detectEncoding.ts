import iconv from 'iconv-lite';

/** The encodings ERP exports come in; `cp852` is the DOS-era Polish code page. */
export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'windows-1250', 'iso-8859-2', 'cp852'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** The Polish code pages: one byte per character. */
export const SINGLE_BYTE_ENCODINGS: readonly CsvEncoding[] = ['windows-1250', 'iso-8859-2', 'cp852'];
const POLISH = new Set('ąćęłńóśźżĄĆĘŁŃÓŚŹŻ');

/**
 * Guesses the encoding of a file from its first bytes: a BOM decides; text that is valid UTF-8 is UTF-8; otherwise
 * the Polish code page under which the sample reads as the most Polish letters and the fewest other non-ASCII
 * characters (Windows-1250 wins ties: it is by far the most common). Returns undefined for binary data (NUL bytes).
 */
export function detectEncoding(sample: Uint8Array): CsvEncoding | undefined {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample.includes(0)) return undefined;
  if (isUtf8(sample)) return 'utf-8';
  let best: CsvEncoding = 'windows-1250';
  let bestScore = -Infinity;
  for (const encoding of SINGLE_BYTE_ENCODINGS) {
    const score = polishScore(iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), encoding));
    if (score > bestScore) [best, bestScore] = [encoding, score];
  }
  return best;
}

function isUtf8(sample: Uint8Array): boolean {
  try {
    // stream: true tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function polishScore(text: string): number {
  let score = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (POLISH.has(ch)) score += 1;
    else if (ch === '\ufffd' || ch.charCodeAt(0) < 0xa0) score -= 3; // undefined byte or C1 control
    else score -= 1;
  }
  return score;
}
