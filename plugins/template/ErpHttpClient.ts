import type { DocumentPayload, ErpDocument, Outcome, Receipt } from '../../core/plugin-api/index.js';
import { erpInvoiceToDraft, type ErpInvoiceJson } from './erpInvoiceToDraft.js';

/**
 * One invoice as the example ERP's REST API lists it: its own invoice JSON (`invoice`, mapped through a draft), or
 * an FA(3) document it made itself (`fa3Xml`, canonical FA(3) JSON `canonical`). Replace with your ERP's own shape.
 */
interface ErpInvoice {
  readonly id: string;
  readonly invoice?: ErpInvoiceJson;
  readonly fa3Xml?: string;
  readonly canonical?: unknown;
  readonly urgent?: boolean;
}

/**
 * TEMPLATE: the part you rewrite for your ERP. This one talks to a small REST API:
 * `GET /invoices?status=new` -> `[{ id, invoice | fa3Xml | canonical, urgent? }]`, `POST /invoices/{id}/taken`,
 * `PUT /invoices/{id}/ksef` with the outcome or the refusal. Authenticated with a bearer API key.
 */
export class ErpHttpClient {
  constructor(private readonly baseUrl: string, private readonly apiKey: string, private readonly timeoutMs: number) {}

  async newInvoices(signal: AbortSignal): Promise<ErpDocument[]> {
    const list = (await this.call('GET', '/invoices?status=new', undefined, signal)) as ErpInvoice[];
    return list.map((inv) => ({ erpId: inv.id, urgent: inv.urgent === true, payload: payloadOf(inv) }));
  }

  async markTaken(erpId: string, documentId: string, signal: AbortSignal): Promise<void> {
    await this.call('POST', `/invoices/${encodeURIComponent(erpId)}/taken`, { documentId }, signal);
  }

  /** PUT, so a repeated delivery of the same outcome overwrites instead of adding. */
  async recordOutcome(outcome: Outcome, signal: AbortSignal): Promise<void> {
    await this.call('PUT', `/invoices/${encodeURIComponent(outcome.erpId)}/ksef`, outcome, signal);
  }

  /**
   * A document the gateway refused at intake, in the same place as outcomes (`kind: 'invalid'`), with every error:
   * code, message, FA(3) location, draft field and the place in the ERP's invoice it came from.
   */
  async recordRefusal(receipt: Receipt, signal: AbortSignal): Promise<void> {
    const refusal = { kind: 'invalid', documentId: receipt.documentId, erpId: receipt.erpId, errors: receipt.errors ?? [] };
    await this.call('PUT', `/invoices/${encodeURIComponent(receipt.erpId)}/ksef`, refusal, signal);
  }

  async ping(signal: AbortSignal): Promise<void> {
    await this.call('GET', '/health', undefined, signal);
  }

  private async call(method: string, path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    const res = await fetch(new URL(path.replace(/^\//, ''), `${this.baseUrl.replace(/\/?$/, '/')}`), {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
    });
    // Never put the key or the response body into an error: the body may echo what we sent.
    if (!res.ok) throw new Error(`ERP answered ${res.status} to ${method} ${path.split('?')[0]}`);
    const text = await res.text();
    return text === '' ? undefined : JSON.parse(text);
  }
}

function payloadOf(inv: ErpInvoice): DocumentPayload {
  if (inv.invoice !== undefined) return { format: 'draft', ...erpInvoiceToDraft(inv.invoice, `ERP invoice ${inv.id}`) };
  return inv.fa3Xml !== undefined ? { format: 'fa3-xml', xml: inv.fa3Xml } : { format: 'fa3-json', invoice: inv.canonical };
}
