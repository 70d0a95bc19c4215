import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * What to do with text that declares an encoding other than UTF-8: `refuse` it (the default: KSeF takes UTF-8
 * only, so the ERP should export UTF-8) or `transcode` it exactly. Never guessed from the bytes.
 */
export type OtherEncodings = 'refuse' | 'transcode';

export interface DecodeTextOptions {
  /** The encoding the source declares (configuration, XML declaration, HTTP charset); default UTF-8. */
  readonly encoding?: string;
  /** Default `refuse`. */
  readonly otherEncodings?: OtherEncodings;
  /** Names the source (a file name) at the start of error messages. */
  readonly source?: string;
}

/** Where in the bytes a decoding problem is: 0-based byte offset, 1-based line and column (in characters). */
export interface TextPosition {
  readonly byte: number;
  readonly line: number;
  readonly column: number;
}

export type TextDecodeErrorCode =
  | 'GW_TEXT_INVALID_UTF8'
  | 'GW_TEXT_ENCODING_REFUSED'
  | 'GW_TEXT_ENCODING_UNKNOWN'
  | 'GW_TEXT_NOT_IN_ENCODING';

export interface TextDecodeError {
  readonly code: TextDecodeErrorCode;
  /** Names the source, the position and the reason, e.g. `feb.csv: line 3, column 14 (byte 118): ...`. */
  readonly message: string;
  readonly position?: TextPosition;
}

export type DecodedText =
  | { readonly ok: true; readonly text: string; readonly encoding: string; readonly transcoded: boolean }
  | { readonly ok: false; readonly error: TextDecodeError };

const UTF8_NAMES = new Set(['utf-8', 'utf8']);
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Bytes to text without changing a character: UTF-8 is checked strictly (a byte that is not UTF-8 is an error with
 * its line and column, never U+FFFD); another declared encoding is refused or, if allowed, transcoded with
 * iconv-lite and checked by encoding the text back to the very same bytes. A byte order mark is kept as U+FEFF.
 *
 * @example
 * ```ts
 * const decoded = decodeText(await readFile(path), { encoding: 'windows-1250', otherEncodings: 'transcode', source: 'feb.csv' });
 * if (!decoded.ok) throw new Error(decoded.error.message); // 'feb.csv: line 3, column 14 (byte 118): ...'
 * ```
 */
export function decodeText(bytes: Uint8Array, opts: DecodeTextOptions = {}): DecodedText {
  const encoding = (opts.encoding ?? 'UTF-8').trim();
  const prefix = opts.source ? `${opts.source}: ` : '';
  if (UTF8_NAMES.has(encoding.toLowerCase())) {
    if (isUtf8(bytes)) return { ok: true, text: utf8.decode(bytes), encoding: 'UTF-8', transcoded: false };
    const position = firstInvalidUtf8(bytes);
    const bad = Buffer.from(bytes.subarray(position.byte, position.byte + 4)).toString('hex').replace(/(..)(?!$)/g, '$1 ');
    return fail('GW_TEXT_INVALID_UTF8', `${prefix}${where(position)}: bytes ${bad} are not UTF-8 (the text may be in another encoding, such as Windows-1250)`, position);
  }
  if ((opts.otherEncodings ?? 'refuse') === 'refuse') {
    return fail('GW_TEXT_ENCODING_REFUSED', `${prefix}the text declares encoding ${encoding}; only UTF-8 is accepted here (transcoding is switched off)`);
  }
  if (!iconv.encodingExists(encoding)) return fail('GW_TEXT_ENCODING_UNKNOWN', `${prefix}unknown encoding ${encoding}`);
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: false });
  const back = iconv.encode(text, encoding, { addBOM: false });
  // iconv-lite maps bytes a code page leaves undefined (0x98 in Windows-1250) to U+FFFD and back: the round trip
  // alone would pass them. No legacy code page has U+FFFD as a character of its own.
  const replaced = /^utf-?(16|32)/i.test(encoding) ? -1 : text.indexOf('\uFFFD');
  if (replaced >= 0 || !back.equals(bytes)) {
    const position = replaced >= 0 ? positionOfChar(text, replaced) : firstDifference(bytes, back, text);
    return fail('GW_TEXT_NOT_IN_ENCODING', `${prefix}${where(position)}: byte 0x${bytes[position.byte]?.toString(16).padStart(2, '0') ?? '??'} is not a character of ${encoding}`, position);
  }
  return { ok: true, text, encoding, transcoded: true };
}

function fail(code: TextDecodeErrorCode, message: string, position?: TextPosition): DecodedText {
  return { ok: false, error: { code, message, position } };
}

function where(p: TextPosition): string {
  return `line ${p.line}, column ${p.column} (byte ${p.byte})`;
}

/** Length of the UTF-8 sequence a lead byte starts, 0 for a byte that cannot start one. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** Only called once the bytes are known not to be UTF-8: finds the first sequence that is not, with its position. */
function firstInvalidUtf8(bytes: Uint8Array): TextPosition {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes[i]);
    if (n === 0 || i + n > bytes.length || (n > 1 && !isUtf8(bytes.subarray(i, i + n)))) break;
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    i += n;
  }
  return { byte: i, line, column: [...utf8.decode(bytes.subarray(lineStart, i))].length + 1 };
}

/** The first byte the round trip did not reproduce; line and column counted in the decoded text before it. */
function firstDifference(bytes: Uint8Array, back: Buffer, text: string): TextPosition {
  let byte = 0;
  while (byte < bytes.length && bytes[byte] === back[byte]) byte++;
  // Single-byte encodings (the ones ERPs use) map byte i to character i; multi-byte ones get an approximate column.
  return { ...positionOfChar(text, Math.min(byte, text.length)), byte };
}

/** Line and column of a character; its byte offset is its index, as in the single-byte code pages. */
function positionOfChar(text: string, index: number): TextPosition {
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { byte: index, line: before.split('\n').length, column: index - lineStart + 1 };
}
