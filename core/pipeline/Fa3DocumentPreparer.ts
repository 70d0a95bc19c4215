import type { ErpDocument, OutcomeError } from '../plugin-api/types.js';
import type { ValidationIssue } from '../fa3/validation/ValidationIssue.js';
import type { DocumentPreparer, PrepareResult } from './ports/DocumentPreparer.js';
import type { Faktura } from '../fa3/model/Faktura.js';
import { readInvoiceFacts, type InvoiceFacts } from './readInvoiceFacts.js';

export interface ValidationOutcome {
  readonly valid: boolean;
  readonly issues: readonly ValidationIssue[];
  /** The model the validator read; saves reading the routing fields a second time. */
  readonly invoice?: Faktura;
}

export interface Fa3DocumentPreparerOptions {
  /** Canonical JSON -> FA(3) XML (engineer A's `writeFa3`). Without it, JSON documents are refused. */
  readonly write?: (invoice: unknown) => string | Promise<string>;
  /** Full validation (engineer B's `validateFa3`); without it only the routing fields are checked. */
  readonly validate?: (xml: string) => ValidationOutcome | Promise<ValidationOutcome>;
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
      } else if (document.payload.format === 'draft') {
        // Draft completion lands in the next step of issue 17; until then a draft is refused, never guessed at.
        return fail({ code: 'GW_DRAFT_NOT_SUPPORTED', message: 'Invoice drafts are not completed by this gateway version yet' });
      } else if (this.options.write) {
        xmlText = await this.options.write(document.payload.invoice);
      } else {
        return fail({ code: 'GW_PIPELINE_NO_WRITER', message: 'This gateway accepts FA(3) XML only: no canonical JSON writer is configured' });
      }
    } catch (e) {
      return fail({ code: 'FA3_BUILD_FAILED', message: (e as Error).message, location: (e as { location?: string }).location });
    }
    let model: Faktura | undefined;
    if (this.options.validate) {
      const result = await this.options.validate(xmlText);
      const errors = result.issues.filter((i) => i.severity === 'error')
        .map((i) => ({ code: i.code, message: i.message, location: i.location }));
      if (!result.valid || errors.length > 0) {
        // Attributed to its context where the seller's NIP could be read, so that `status` counts it there.
        const sellerNip = result.invoice?.Podmiot1?.DaneIdentyfikacyjne?.NIP;
        const contextNip = typeof sellerNip === 'string' && /^\d{10}$/.test(sellerNip) ? this.options.contextFor?.(sellerNip) ?? sellerNip : undefined;
        return { ok: false, errors, contextNip };
      }
      model = result.invoice;
    }
    const xml = Buffer.from(xmlText, 'utf8');
    const { facts, errors } = model ? factsOf(model, xml) : readInvoiceFacts(xml);
    if (!facts) return { ok: false, errors };
    const contextNip = this.options.contextFor?.(facts.key.sellerNip) ?? facts.key.sellerNip;
    return { ok: true, document: { xml, contextNip, ...facts } };
  }
}

/** From the validator's model; where it lacks a field, the XML is read for the precise error. */
function factsOf(f: Faktura, xml: Buffer): { facts?: InvoiceFacts; errors: OutcomeError[] } {
  const nip = f.Podmiot1?.DaneIdentyfikacyjne?.NIP;
  if (!nip || !f.Fa?.P_2 || !f.Fa.RodzajFaktury || !f.Fa.P_1) return readInvoiceFacts(xml);
  return { facts: { key: { sellerNip: nip, invoiceKind: f.Fa.RodzajFaktury, invoiceNumber: f.Fa.P_2 }, issueDate: f.Fa.P_1,
    hasAttachment: f.Zalacznik !== undefined }, errors: [] };
}

const fail = (error: OutcomeError): PrepareResult => ({ ok: false, errors: [error] });
