import { buildStatusIdoc } from '../status/buildStatusIdoc.js';
import { writeIdocXml } from '../idoc/writeIdoc.js';
import type { StatusJob, UpoJob } from '../StatusQueue.js';
import type { IdocContent } from '../idoc/writeIdoc.js';

/** A received invoice waiting in the purchase outbox, its IDoc built when it was received. */
export interface PurchaseJob {
  readonly ksefNumber: string;
  readonly idoc: IdocContent;
}

export interface SapHttpTarget {
  /** SAP's IDoc-XML inbound service, e.g. https://sap.example.com:44300/sap/bc/idoc_xml?sap-client=100 */
  readonly url?: string;
  readonly user?: string;
  readonly password?: string;
  /** Where UPOs go (a customer ICF service); without it the UPO stays in the gateway. */
  readonly upoUrl?: string;
  readonly timeoutMs: number;
}

/** Sends status IDocs and UPOs to SAP over HTTP; any answer but 2xx is an error, so the outbox tries again. */
export class SapHttpClient {
  constructor(private readonly target: SapHttpTarget) {}

  async sendStatus(job: StatusJob): Promise<void> {
    if (!this.target.url) throw new Error('statusBack.url is not configured: the status waits in the outbox until it is');
    const xml = writeIdocXml([buildStatusIdoc(job.format, job.status, job.routing, new Date(job.at))]);
    await this.post(this.target.url, xml, 'text/xml; charset=utf-8', {});
  }

  /** Posts a received invoice as inbound INVOIC02 IDoc-XML to SAP's IDoc-XML service. */
  async sendPurchase(job: PurchaseJob): Promise<void> {
    if (!this.target.url) throw new Error('no url for purchase IDocs: the invoice waits in the outbox until one is configured');
    await this.post(this.target.url, writeIdocXml([job.idoc]), 'text/xml; charset=utf-8', {});
  }

  /** Posts the UPO XML byte for byte to the UPO service (docs/sap/ZCL_KSEF_UPO_HTTP.abap), naming the document in headers. */
  async sendUpo(job: UpoJob): Promise<void> {
    if (!this.target.upoUrl) return;
    await this.post(this.target.upoUrl, job.upoXml, 'application/xml; charset=utf-8', {
      'x-ksef-number': job.ksefNumber, 'x-sap-billing-document': job.billingDocument,
      ...(job.acquisitionDate ? { 'x-ksef-acquisition-date': job.acquisitionDate } : {}), ...(job.docnum ? { 'x-sap-docnum': job.docnum } : {}),
    });
  }

  private async post(url: string, body: string, contentType: string, headers: Record<string, string>): Promise<void> {
    const auth: Record<string, string> = this.target.user === undefined ? {} : { authorization: `Basic ${Buffer.from(`${this.target.user}:${this.target.password ?? ''}`).toString('base64')}` };
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': contentType, ...auth, ...headers }, signal: AbortSignal.timeout(this.target.timeoutMs) });
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new Error(`SAP answered ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }
}
