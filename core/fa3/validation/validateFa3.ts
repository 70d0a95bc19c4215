import { GatewayError } from '../../errors/GatewayError.js';
import { readFa3 } from '../Fa3Reader.js';
import type { Faktura } from '../model/Faktura.js';
import { checkRules } from '../rules/checkRules.js';
import { capIssues } from './capIssues.js';
import { checkXmlFile } from './checkXmlFile.js';
import { requiredFields } from './requiredFields.js';
import type { Fa3XsdValidator } from './Fa3XsdValidator.js';
import type { ValidationIssue } from './ValidationIssue.js';

export interface ValidateFa3Options {
  /** The compiled official schema; without it only the file checks and business rules run (locateSchemas warns). */
  xsd?: Fa3XsdValidator;
  /** The clock for "P_1 not in the future"; default the current time. */
  now?: Date;
  /** Names the document in reader errors. */
  documentName?: string;
  /**
   * The model this XML was just written from (writeFa3): the rules run on it and the XML is not read back, which
   * halves the cost of validating what the gateway builds itself. Never pass a model the XML was not made from.
   */
  invoice?: Faktura;
}

export interface Fa3ValidationResult {
  /** The canonical model, when the document could be read. */
  invoice?: Faktura;
  issues: ValidationIssue[];
  /** No issue of severity `error` (warnings allowed). */
  valid: boolean;
}

/**
 * Validates one FA(3) document the way KSeF would, plus the rules KSeF leaves to us: file checks (BOM, encoding,
 * processing instructions, forbidden characters, size) -> XSD -> read -> business rules. Never throws for a bad
 * document: every problem becomes an issue with a stable code, a location and a message.
 */
export function validateFa3(xml: string | Uint8Array, opts: ValidateFa3Options = {}): Fa3ValidationResult {
  const file = checkXmlFile(xml);
  const issues = [...file.issues];
  // Past KSeF's size limit the document is refused whatever it holds: no parser or rule spends time on it.
  if (file.text === undefined || file.unparseable || issues.some((i) => i.code === 'FA3_SIZE_LIMIT')) return result(issues);
  // With the schema, the model comes from the very tree libxml2 parsed for it: each document is parsed once.
  const checked = !opts.xsd ? { issues: [] as ValidationIssue[] }
    : opts.invoice ? { issues: opts.xsd.validate(xsdInput(xml, file.text)), invoice: opts.invoice }
      : opts.xsd.validateAndRead(xsdInput(xml, file.text), opts.documentName);
  const xsdIssues = checked.issues;
  issues.push(...xsdIssues);
  if (xsdIssues.some((i) => i.code === 'FA3_XML_NOT_WELL_FORMED')) return result(issues);
  let invoice: Faktura;
  try {
    if ('readError' in checked && checked.readError !== undefined) throw checked.readError;
    invoice = checked.invoice ?? opts.invoice ?? readFa3(file.text, opts.documentName);
  } catch (err) {
    // With the XSD's own findings present, the reader's complaint about the same structure adds nothing.
    if (!xsdIssues.some((i) => i.severity === 'error')) issues.push(readerIssue(err, opts.documentName));
    return result(issues);
  }
  // Without the schema, the fields the XSD would demand and everything downstream relies on are checked here.
  if (!opts.xsd) issues.push(...requiredFields(invoice));
  issues.push(...checkRules(invoice, { now: opts.now ?? new Date(), hasAttachment: file.hasAttachment }));
  return result(issues, invoice);
}

/** libxml2 parses bytes faster than a JS string (no UTF-16 to UTF-8 copy inside); the BOM is reported, not parsed. */
function xsdInput(xml: string | Uint8Array, text: string): Uint8Array {
  if (typeof xml === 'string') return Buffer.from(text, 'utf8');
  return xml[0] === 0xef && xml[1] === 0xbb && xml[2] === 0xbf ? xml.subarray(3) : xml;
}

function result(issues: ValidationIssue[], invoice?: Faktura): Fa3ValidationResult {
  return { invoice, issues: capIssues(issues), valid: !issues.some((i) => i.severity === 'error') };
}

const FILE_LEVEL = new Set(['GW_FA3_NOT_WELL_FORMED', 'GW_FA3_ENCODING']);

function readerIssue(err: unknown, documentName = 'document'): ValidationIssue {
  if (!GatewayError.is(err) || !err.code.startsWith('GW_FA3_')) throw err;
  const prefix = `${documentName}: ${err.location ? `${err.location}: ` : ''}`;
  return {
    code: err.code === 'GW_FA3_NOT_WELL_FORMED' ? 'FA3_XML_NOT_WELL_FORMED' : err.code.slice(3),
    layer: FILE_LEVEL.has(err.code) ? 'file' : 'xsd',
    location: err.location ?? '',
    message: err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message,
    severity: 'error',
  };
}
