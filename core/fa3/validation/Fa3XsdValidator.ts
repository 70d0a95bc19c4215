import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { XmlDocument, XmlValidateError, XsdValidator, xmlRegisterInputProvider, type ErrorDetail } from 'libxml2-wasm';
import { GatewayError } from '../../errors/GatewayError.js';
import type { Faktura } from '../model/Faktura.js';
import { scanProlog } from '../xmlProlog.js';
import { MAX_ISSUES, capIssues } from './capIssues.js';
import { readFa3Document } from './readFa3Document.js';
import { elementPathAt } from './xsdErrorLocation.js';
import type { ValidationIssue } from './ValidationIssue.js';

const MAIN_XSD = 'schemat_FA(3)_v1-0E.xsd';
/** Our own URL scheme: only our provider answers it, so other libxml2-wasm users are unaffected. */
const SCHEME = 'ksef-gw-xsd://';

let providerRegistered = false;
const openFiles = new Map<number, number>();
/** Catalog prefixes seen by load(): the crd.gov.pl copies of the base schemas include each other by absolute URL. */
const remoteRewrites = new Map<string, string>();

function localPath(name: string): string | undefined {
  if (name.startsWith(SCHEME)) return decodeURIComponent(name.slice(SCHEME.length));
  for (const [remote, local] of remoteRewrites) if (name.startsWith(remote)) return join(local, name.slice(remote.length));
  return undefined;
}

function registerLocalProvider(): void {
  if (providerRegistered) return;
  providerRegistered = xmlRegisterInputProvider({
    match: (name) => localPath(name) !== undefined,
    open: (name) => {
      try {
        const fd = openSync(localPath(name)!, 'r');
        openFiles.set(fd, fd);
        return fd;
      } catch {
        return undefined;
      }
    },
    read: (fd, buf) => {
      try {
        return readSync(fd, buf, 0, buf.byteLength, null);
      } catch {
        return -1;
      }
    },
    close: (fd) => {
      openFiles.delete(fd);
      closeSync(fd);
      return true;
    },
  });
}

/** The catalog's rewriteSystem entries: remote URL prefix -> local folder (schemas/fa3/catalog.xml). */
function catalogRewrites(fa3Dir: string): [string, string][] {
  const catalog = readFileSync(join(fa3Dir, 'catalog.xml'), 'utf8');
  const re = /<rewriteSystem\s+systemIdStartString="([^"]+)"\s+rewritePrefix="([^"]+)"/g;
  return [...catalog.matchAll(re)].map((m) => [m[1], join(fa3Dir, m[2])]);
}

/**
 * The official FA(3) XSD compiled once (libxml2-wasm) and reused; fully offline: the XSD's remote import is
 * resolved to the local `bazowe/` copies through schemas/fa3/catalog.xml. Not safe to share across worker threads
 * (each thread loads its own). Call dispose() when done.
 */
export class Fa3XsdValidator {
  private constructor(private readonly xsd: XsdValidator, private readonly schemaDoc: XmlDocument) {}

  /** @param schemasDir the folder that contains `fa3/` (KSEF_SCHEMAS_DIR, or the `schemas install` cache). */
  static async load(schemasDir: string): Promise<Fa3XsdValidator> {
    const fa3Dir = join(schemasDir, 'fa3');
    let source: string;
    try {
      source = readFileSync(join(fa3Dir, MAIN_XSD), 'utf8');
    } catch (e) {
      throw new GatewayError('GW_FA3_SCHEMA_MISSING', 'config', `FA(3) schema not found in ${fa3Dir} (set KSEF_SCHEMAS_DIR or run \`schemas install\`)`, { cause: e });
    }
    registerLocalProvider();
    try {
      for (const [remote, local] of catalogRewrites(fa3Dir)) remoteRewrites.set(remote, local);
      for (const [remote, local] of catalogRewrites(fa3Dir)) source = source.split(`schemaLocation="${remote}`).join(`schemaLocation="${SCHEME}${encodeURI(local.endsWith('/') ? local : `${local}/`)}`);
      const doc = XmlDocument.fromString(source, { url: `${SCHEME}${encodeURI(join(dirname(join(fa3Dir, MAIN_XSD)), MAIN_XSD))}` });
      try {
        return new Fa3XsdValidator(XsdValidator.fromDoc(doc), doc);
      } catch (e) {
        doc.dispose();
        throw e;
      }
    } catch (e) {
      throw new GatewayError('GW_FA3_SCHEMA_INVALID', 'config', `FA(3) schema in ${fa3Dir} could not be compiled: ${(e as Error).message}`, { cause: e });
    }
  }

  /** All schema violations of one document; empty when valid. Never throws for bad documents. */
  validate(xml: string | Uint8Array): ValidationIssue[] {
    return this.check(xml).issues;
  }

  /**
   * The schema check and the canonical model from the one parse libxml2 makes (`readFa3Document`): validating XML
   * never parses a document twice. `readError` is what the reader refused (not FA(3), unknown elements); no model
   * when the bytes are not well-formed.
   */
  validateAndRead(xml: string | Uint8Array, documentName?: string): { issues: ValidationIssue[]; invoice?: Faktura; readError?: unknown } {
    return this.check(xml, (doc) => readFa3Document(doc, documentName));
  }

  private check(xml: string | Uint8Array, read?: (doc: XmlDocument) => Faktura): { issues: ValidationIssue[]; invoice?: Faktura; readError?: unknown } {
    const doctype = doctypeIssue(xml);
    if (doctype) return { issues: [doctype] };
    let doc: XmlDocument;
    try {
      // fromBuffer with Node's own UTF-8 encoder is about 1.5x faster than fromString (measured).
      doc = XmlDocument.fromBuffer(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml);
    } catch (e) {
      const details = (e as { details?: ErrorDetail[] }).details ?? [];
      const first = details[0];
      const where = first ? `line ${first.line}, column ${first.col}` : '';
      return { issues: [{ code: 'FA3_XML_NOT_WELL_FORMED', layer: 'file', location: where, message: `not well-formed XML: ${(first?.message ?? (e as Error).message).trim()}`, severity: 'error' }] };
    }
    try {
      const issues = this.schemaIssues(doc);
      if (!read) return { issues };
      try {
        return { issues, invoice: read(doc) };
      } catch (readError) {
        return { issues, readError };
      }
    } finally {
      doc.dispose();
    }
  }

  private schemaIssues(doc: XmlDocument): ValidationIssue[] {
    try {
      this.xsd.validate(doc);
      return [];
    } catch (e) {
      if (!(e instanceof XmlValidateError)) {
        // libxml2 gave up without naming a violation: the document is not valid, and it is this document's fault.
        return [{ code: 'FA3_XSD', layer: 'xsd', location: '', message: `the schema check failed: ${String((e as Error).message).trim().slice(0, 200)}`, severity: 'error' }];
      }
      // Each location walks the tree: only the issues that will be reported are located.
      return capIssues(e.details.slice(0, MAX_ISSUES + 1).map((d) => ({
        code: 'FA3_XSD',
        layer: 'xsd' as const,
        location: elementPathAt(doc, d),
        message: d.message.trim().replace(/\{http:\/\/crd\.gov\.pl\/wzor\/2025\/06\/25\/13775\/\}/g, ''),
        severity: d.level === 1 ? ('warning' as const) : ('error' as const),
      })), e.details.length);
    }
  }

  dispose(): void {
    this.xsd.dispose();
    this.schemaDoc.dispose();
  }
}

/** libxml2 would read a DTD and keep its entities: refused before it parses anything (as checkXmlFile does). */
function doctypeIssue(xml: string | Uint8Array): ValidationIssue | undefined {
  // The prolog's markup is ASCII: bytes read as Latin-1 are enough. Its first kilobytes decide unless comments are long.
  const bytes = typeof xml === 'string' ? undefined : Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  const text = (end: number): string => (bytes ? bytes.toString('latin1', 0, end) : xml.slice(0, end) as string);
  let prolog = scanProlog(text(4096));
  if (prolog.doctypeAt === undefined && prolog.rootAt === undefined && xml.length > 4096) prolog = scanProlog(text(xml.length));
  if (prolog.doctypeAt === undefined) return undefined;
  return { code: 'FA3_DOCTYPE', layer: 'file', location: '', message: 'a DOCTYPE declaration is not allowed in an FA(3) document (KSeF refuses it)', severity: 'error' };
}
