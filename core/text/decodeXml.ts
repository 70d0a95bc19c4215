import { decodeText, type DecodedText, type OtherEncodings } from './decodeText.js';

const DECLARED = /^(?:\xef\xbb\xbf)?<\?xml[ \t\r\n][^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z][A-Za-z0-9._-]*)["']/;
const DECLARATION_ENCODING = /^(\uFEFF?<\?xml[ \t\r\n][^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*)(["'])[A-Za-z][A-Za-z0-9._-]*\2/;

/**
 * XML bytes to text by the encoding the document declares (UTF-16 by its byte order mark, else the XML declaration,
 * else UTF-8), strictly as `decodeText` does. A transcoded document is UTF-8 text from then on: its declaration is
 * rewritten to say so, and a UTF-16 byte order mark (part of that encoding, not of the text) is dropped.
 *
 * @example
 * ```ts
 * const decoded = decodeXml(bytes, { otherEncodings: 'transcode', source: 'FV-1.xml' });
 * // <?xml version="1.0" encoding="windows-1250"?> ... -> ok, text says encoding="UTF-8"
 * ```
 */
export function decodeXml(bytes: Uint8Array, opts: { readonly otherEncodings?: OtherEncodings; readonly source?: string } = {}): DecodedText {
  const bom16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'UTF-16LE' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'UTF-16BE' : undefined;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString('latin1');
  const encoding = bom16 ?? DECLARED.exec(head)?.[1] ?? 'UTF-8';
  const decoded = decodeText(bytes, { encoding, otherEncodings: opts.otherEncodings, source: opts.source });
  if (!decoded.ok || !decoded.transcoded) return decoded;
  const text = (bom16 ? decoded.text.replace(/^\uFEFF/, '') : decoded.text).replace(DECLARATION_ENCODING, '$1$2UTF-8$2');
  return { ...decoded, text };
}
