import type { ErpDocument, OutcomeError } from '../plugin-api/types.js';
import type { ValidationIssue } from '../fa3/validation/ValidationIssue.js';
import type { DocumentPreparer, PrepareResult } from './ports/DocumentPreparer.js';
import { readInvoiceFacts } from './readInvoiceFacts.js';

export interface Fa3DocumentPreparerOptions {
  /** Canonical JSON -> FA(3) XML (engineer A's `writeFa3`). Without it, JSON documents are refused. */
  readonly write?: (invoice: unknown) => string | Promise<string>;
  /** Full validation (engineer B's `validateFa3`); without it only the routing fields are checked. */
  readonly validate?: (xml: string) => Promise<{ valid: boolean; issues: readonly ValidationIssue[] }>;
  /** The KSeF context of a seller; default: the seller's own NIP. */
  readonly contextFor?: (sellerNip: string) => string;
}

/** The default preparer: the FA(3) bytes are made here once, and never rebuilt afterwards (DECISIONS.md 14). */
export class Fa3DocumentPreparer implements DocumentPreparer {
  constructor(private readonly options: Fa3DocumentPreparerOptions = {}) {}

  async prepare(document: ErpDocument): Promise<PrepareResult> {
    let xmlText: string;
    try {
      if (document.payload.format === 'fa3-xml') {
        xmlText = document.payload.xml;
      } else if (this.options.write) {
        xmlText = await this.options.write(document.payload.invoice);
      } else {
        return fail({ code: 'GW_PIPELINE_NO_WRITER', message: 'This gateway accepts FA(3) XML only: no canonical JSON writer is configured' });
      }
    } catch (e) {
      return fail({ code: 'FA3_BUILD_FAILED', message: (e as Error).message, location: (e as { location?: string }).location });
    }
    if (this.options.validate) {
      const result = await this.options.validate(xmlText);
      const errors = result.issues.filter((i) => i.severity === 'error')
        .map((i) => ({ code: i.code, message: i.message, location: i.location }));
      if (!result.valid || errors.length > 0) return { ok: false, errors };
    }
    const xml = Buffer.from(xmlText, 'utf8');
    const { facts, errors } = readInvoiceFacts(xml);
    if (!facts) return { ok: false, errors };
    const contextNip = this.options.contextFor?.(facts.key.sellerNip) ?? facts.key.sellerNip;
    return { ok: true, document: { xml, contextNip, ...facts } };
  }
}

const fail = (error: OutcomeError): PrepareResult => ({ ok: false, errors: [error] });
