import { sizeLimit } from '../rules/sizeLimit.js';
import { scanProlog } from '../xmlProlog.js';
import type { ValidationIssue } from './ValidationIssue.js';

export interface XmlFileCheck {
  /** The document as text (BOM removed), unless the bytes are not UTF-8. */
  readonly text?: string;
  /** A fault after which nothing may parse the document (a DOCTYPE). */
  readonly unparseable?: boolean;
  readonly issues: ValidationIssue[];
  /** The document carries a `Zalacznik` (3 MB limit instead of 1 MB; batch only). */
  readonly hasAttachment: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Reported per document at most, so a double-encoded file does not produce thousands of lines. */
const MAX_CHAR_ISSUES = 10;

/**
 * Unicode that KSeF rejects although XML 1.0 allows it (PROTOCOL.md §6.8, "discouraged" characters): C1 controls
 * but U+0085, the U+FDD0-FDEF non-characters, and U+nFFFE/nFFFF of planes 1-16. The usual source is double-encoded
 * UTF-8 from an ERP (`ilość` -> `iloĹ›Ä‡`).
 */
const FORBIDDEN = new RegExp(
  `[\\u{7F}-\\u{84}\\u{86}-\\u{9F}\\u{FDD0}-\\u{FDEF}${Array.from({ length: 16 }, (_, i) => {
    const plane = (i + 1).toString(16).toUpperCase();
    return `\\u{${plane}FFFE}\\u{${plane}FFFF}`;
  }).join('')}]`,
  'gu',
);
/** Every UTF-16 unit FORBIDDEN can start with (C1 controls, the non-character block, high surrogates). */
const MAYBE_FORBIDDEN = /[\x7F-\x9F\uFDD0-\uFDEF\uD800-\uDBFF]/;
const ATTACHMENT = /<(?:[\w.-]+:)?Zalacznik[\s>]/;
const DECLARATION = /^<\?xml\s[^?]*\?>/;
const DECLARED_ENCODING = /\bencoding\s*=\s*["']([^"']*)["']/;

/**
 * What KSeF checks on the bytes before the schema (status 430 / 450, PROTOCOL.md §6.8): UTF-8 without a BOM, a
 * prolog that declares UTF-8 if it declares anything, no processing instructions, no discouraged characters, and
 * the size limit. Well-formedness is left to the parser that comes next.
 */
export function checkXmlFile(xml: string | Uint8Array): XmlFileCheck {
  const issues: ValidationIssue[] = [];
  let text: string;
  let bytes: number;
  if (typeof xml === 'string') {
    text = xml;
    bytes = Buffer.byteLength(xml, 'utf8');
  } else {
    bytes = xml.byteLength;
    try {
      text = utf8.decode(xml); // TextDecoder drops a leading BOM itself
    } catch {
      issues.push(fileIssue('FA3_ENCODING', '', 'the file is not valid UTF-8 (KSeF accepts UTF-8 only)'));
      return { issues, hasAttachment: false };
    }
    if (xml[0] === 0xef && xml[1] === 0xbb && xml[2] === 0xbf) text = `\uFEFF${text}`;
  }
  if (text.charCodeAt(0) === 0xfeff) {
    issues.push(fileIssue('FA3_BOM', '', 'the file starts with a byte order mark; KSeF rejects UTF-8 with a BOM (status 430)'));
    text = text.slice(1);
  }
  const doctypeAt = scanProlog(text).doctypeAt;
  if (doctypeAt !== undefined) {
    // Nothing parses a document with a DTD: entities could change its values or blow up its size.
    issues.push(fileIssue('FA3_DOCTYPE', position(text, doctypeAt), 'a DOCTYPE declaration is not allowed in an FA(3) document (KSeF refuses it)'));
  }
  const declaration = DECLARATION.exec(text)?.[0];
  const encoding = declaration ? DECLARED_ENCODING.exec(declaration)?.[1] : undefined;
  if (encoding !== undefined && encoding.toLowerCase() !== 'utf-8') {
    issues.push(fileIssue('FA3_ENCODING', 'line 1', `the XML declaration says encoding="${encoding}"; KSeF accepts UTF-8 only`));
  }
  for (let i = text.indexOf('<?', declaration ? declaration.length : 0); i >= 0; i = text.indexOf('<?', i + 2)) {
    const target = /^<\?([^\s?]*)/.exec(text.slice(i, i + 80))?.[1] ?? '';
    issues.push(fileIssue('FA3_PROCESSING_INSTRUCTION', position(text, i), `processing instruction <?${target}?> is not allowed in a KSeF invoice`));
  }
  let found = 0;
  // Most invoices hold none of those characters nor any astral one: a plain scan of UTF-16 units rules that out first.
  for (const m of MAYBE_FORBIDDEN.test(text) ? text.matchAll(FORBIDDEN) : []) {
    if (found++ === MAX_CHAR_ISSUES) break;
    const cp = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    issues.push(fileIssue('FA3_FORBIDDEN_CHARACTER', position(text, m.index),
      `character U+${cp} is not allowed by KSeF (often double-encoded UTF-8 from the source system)`));
  }
  const hasAttachment = ATTACHMENT.test(text);
  issues.push(...sizeLimit(bytes, hasAttachment, 'file'));
  return { text, issues, hasAttachment, unparseable: doctypeAt !== undefined };
}

function position(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${index - lineStart + 1}`;
}

function fileIssue(code: string, location: string, message: string): ValidationIssue {
  return { code, layer: 'file', location, message, severity: 'error' };
}
