import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Faktura } from './model/Faktura.js';
import { fa3DataError } from './model/fa3DataError.js';
import { MAX_INVOICE_WITH_ATTACHMENT_BYTES } from './rules/sizeLimit.js';
import { scanProlog } from './xmlProlog.js';
import { checkModelShape } from './checkModelShape.js';
import { FA3_NAMESPACE, FA3_ROOT } from './xsd/fa3Structure.js';

const options = {
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  removeNSPrefix: true,
  // NIPs, amounts and codes stay exactly as written.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // No path string per element: nothing asks for one. Repeatable elements that occur once are made arrays by the
  // structure check below, which walks the XSD's slots anyway (an isArray callback cost a tenth of the read).
  jPath: false,
};
const parser = new XMLParser(options);
// Numeric character references (&#13;) need htmlEntities, which costs a third of the parse: used only when present.
const parserWithCharRefs = new XMLParser({ ...options, htmlEntities: true });

const utf8 = new TextDecoder('utf-8', { fatal: true });
const START_TAG_NAME = /<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)/y;
const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads FA(3) XML into the canonical model. Leaves keep their text (trimmed), repeatable elements are arrays,
 * attributes `@name`. Structure is checked against the XSD's element names (unknown, repeated or misplaced
 * elements fail); values, order and required elements are the XSD validator's job (Fa3XsdValidator).
 * Anything that is not FA(3) throws a `data` GatewayError with a GW_FA3_* code and the element path as location.
 */
export interface ReadFa3Options {
  /**
   * A conforming XML parser (the XSD validator's libxml2) has already parsed exactly these bytes without a
   * well-formedness error: the reader's own well-formedness pass would repeat it (a fifth of the read).
   */
  readonly wellFormed?: boolean;
  /**
   * Larger documents are refused before parsing (default: KSeF's largest invoice, 3 MB with an attachment). The
   * reader builds the whole model in memory, so a caller that skipped the file checks (to-json, a purchase download)
   * must not be able to hand it a file of any size.
   */
  readonly maxBytes?: number;
}

export function readFa3(xml: string | Uint8Array, documentName = 'document', opts: ReadFa3Options = {}): Faktura {
  const maxBytes = opts.maxBytes ?? MAX_INVOICE_WITH_ATTACHMENT_BYTES;
  // A string's UTF-8 size is at most three bytes per UTF-16 unit: count exactly only when that bound is over.
  const size = typeof xml !== 'string' ? xml.byteLength : xml.length * 3 <= maxBytes ? 0 : Buffer.byteLength(xml, 'utf8');
  if (size > maxBytes) {
    throw fa3DataError('GW_FA3_TOO_LARGE', documentName, '', `the document is ${size} bytes; the reader takes at most ${maxBytes} bytes (KSeF's limit for an invoice with an attachment)`);
  }
  let text: string;
  if (typeof xml === 'string') text = xml;
  else {
    try {
      text = utf8.decode(xml);
    } catch (e) {
      throw fa3DataError('GW_FA3_ENCODING', documentName, '', 'the file is not valid UTF-8', e);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // FA(3) never needs a DTD; refusing one keeps entity tricks (expansion bombs, external files) out of the parsers.
  const prolog = scanProlog(text);
  if (prolog.doctypeAt !== undefined) {
    throw fa3DataError('GW_FA3_DOCTYPE', documentName, '', 'a DOCTYPE declaration is not allowed in an FA(3) document');
  }
  const wellFormed = opts.wellFormed === true || XMLValidator.validate(text);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    throw fa3DataError('GW_FA3_NOT_WELL_FORMED', documentName, `line ${line}, column ${col}`, `not well-formed XML: ${msg}`);
  }
  checkNamespace(text, prolog.rootAt, documentName);
  let doc: Record<string, unknown>;
  try {
    doc = (text.includes('&#') ? parserWithCharRefs : parser).parse(text) as Record<string, unknown>;
  } catch (e) {
    // The validator lets a few malformed constructs through that the parser then refuses.
    throw fa3DataError('GW_FA3_NOT_WELL_FORMED', documentName, '', `not well-formed XML: ${(e as Error).message}`, e);
  }
  const rootNames = Object.keys(doc);
  // An empty root reads as an empty model, like any empty structure: the XSD names what it lacks.
  const content = doc[FA3_ROOT.name] === '' ? {} : doc[FA3_ROOT.name];
  if (rootNames.length !== 1 || !isRecord(content)) {
    throw fa3DataError('GW_FA3_NOT_FA3', documentName, '', `the root element is ${rootNames.join(', ') || 'missing'}, expected ${FA3_ROOT.name}`);
  }
  // The root carries only namespace declarations and xsi:schemaLocation, neither of which is invoice content.
  for (const k of Object.keys(content)) if (k.startsWith('@')) delete content[k];
  checkModelShape(content, documentName);
  return content as unknown as Faktura;
}

/** The root's name and namespace, read from its start tag where the prolog ends (never from a match in a comment). */
function checkNamespace(text: string, rootAt: number | undefined, documentName: string): void {
  START_TAG_NAME.lastIndex = rootAt ?? 0;
  const name = rootAt === undefined ? null : START_TAG_NAME.exec(text);
  if (!name || name[2] !== FA3_ROOT.name) throw fa3DataError('GW_FA3_NOT_FA3', documentName, '', `no ${FA3_ROOT.name} root element`);
  const decl = name[1] ? `xmlns:${name[1]}` : 'xmlns';
  let ns: string | undefined;
  ATTRIBUTE.lastIndex = START_TAG_NAME.lastIndex;
  for (let a = ATTRIBUTE.exec(text); a; a = ATTRIBUTE.exec(text)) if (a[1] === decl) ns = a[2] ?? a[3];
  if (ns !== FA3_NAMESPACE) {
    throw fa3DataError('GW_FA3_NOT_FA3', documentName, FA3_ROOT.name, `namespace is ${ns ?? 'none'}, expected ${FA3_NAMESPACE} (FA(3))`);
  }
}
