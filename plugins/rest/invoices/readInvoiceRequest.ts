import type { ErpDocument, InvoiceDraft } from '../../../core/plugin-api/index.js';
import { HttpProblem } from '../http/problems.js';

/** What one invoice of a request is, before the gateway checks it. */
export interface InvoiceRequest {
  readonly erpId: string;
  readonly urgent: boolean;
  readonly format: 'draft' | 'fa3-json' | 'fa3-xml';
  readonly payload: ErpDocument['payload'];
  /** The seller NIP as written in the body: the context the request acts for. */
  readonly sellerNip?: string;
  readonly hasAttachment: boolean;
  /** The invoice's own size in bytes (the XML, or the JSON of the invoice or draft). */
  readonly bytes: number;
  /** JSON pointer of the invoice inside the request body ('' for an XML body, `/invoices/3` in a batch). */
  readonly base: string;
}

export interface JsonInvoiceItem {
  readonly erpId: string;
  readonly urgent?: boolean;
  readonly invoice?: Record<string, unknown>;
  readonly draft?: Record<string, unknown>;
}

const NIP = /^\d{10}$/;
const XML_SELLER_NIP = /<(?:[\w.-]+:)?Podmiot1\b[^>]*>[\s\S]*?<(?:[\w.-]+:)?NIP>\s*(\d{10})\s*<\//;
const XML_ATTACHMENT = /<(?:[\w.-]+:)?Zalacznik[\s>/]/;

/** One JSON item (`{ erpId, urgent?, invoice | draft }`), already checked against the route schema. */
export function readJsonItem(item: JsonInvoiceItem, base: string): InvoiceRequest {
  if ((item.invoice === undefined) === (item.draft === undefined)) {
    throw new HttpProblem('GW_REST_INVALID_REQUEST', 'Give exactly one of "invoice" (canonical FA(3) JSON) and "draft"', {
      errors: [{ code: 'GW_REST_ONE_OF_INVOICE_DRAFT', message: 'exactly one of "invoice" and "draft" is required', pointer: base || '/' }],
    });
  }
  if (item.draft !== undefined) {
    const draft = item.draft as unknown as InvoiceDraft;
    const seller = (item.draft.seller as Record<string, unknown> | undefined)?.nip;
    return {
      erpId: item.erpId, urgent: item.urgent === true, format: 'draft', base,
      payload: { format: 'draft', draft, sources: { '': { kind: 'json', pointer: `${base}/draft` } } },
      sellerNip: typeof seller === 'string' && NIP.test(seller) ? seller : undefined,
      hasAttachment: false, bytes: Buffer.byteLength(JSON.stringify(item.draft)),
    };
  }
  const invoice = item.invoice!;
  const ids = (invoice.Podmiot1 as Record<string, Record<string, unknown>> | undefined)?.DaneIdentyfikacyjne;
  const nip = typeof ids === 'object' && ids !== null ? ids.NIP : undefined;
  return {
    erpId: item.erpId, urgent: item.urgent === true, format: 'fa3-json', base, payload: { format: 'fa3-json', invoice },
    sellerNip: typeof nip === 'string' && NIP.test(nip.trim()) ? nip.trim() : undefined,
    hasAttachment: invoice.Zalacznik !== undefined, bytes: Buffer.byteLength(JSON.stringify(invoice)),
  };
}

/**
 * An FA(3) XML body. The seller NIP is read with a pattern only to pick the context; the gateway reads the document
 * properly and refuses it when its seller is another context (`ErpDocument.context`).
 */
export function readXmlBody(xml: string, erpId: string | undefined, urgent: boolean): InvoiceRequest {
  if (!erpId) {
    throw new HttpProblem('GW_REST_INVALID_REQUEST', 'An XML invoice needs its ERP id in the query: POST /v1/invoices?erpId=...', {
      errors: [{ code: 'GW_REST_ERP_ID_REQUIRED', message: 'query parameter erpId is required', pointer: '/query/erpId' }],
    });
  }
  return {
    erpId, urgent, format: 'fa3-xml', base: '', payload: { format: 'fa3-xml', xml },
    sellerNip: XML_SELLER_NIP.exec(xml)?.[1], hasAttachment: XML_ATTACHMENT.test(xml), bytes: Buffer.byteLength(xml),
  };
}

/** KSeF's size limits: 1 MB per invoice, 3 MB with attachments (which go by batch only). */
export function checkSize(req: InvoiceRequest, limits: { invoiceBytes: number; attachmentBytes: number }): void {
  const limit = req.hasAttachment ? limits.attachmentBytes : limits.invoiceBytes;
  if (req.bytes > limit) {
    throw new HttpProblem('GW_REST_PAYLOAD_TOO_LARGE',
      `The invoice has ${req.bytes} bytes; KSeF takes at most ${limit}${req.hasAttachment ? ' with attachments' : ' without attachments'}`,
      { errors: [{ code: 'GW_REST_INVOICE_TOO_LARGE', message: `at most ${limit} bytes`, pointer: req.base || undefined }] });
  }
}
