import type { Clock } from '../../core/plugin-api/index.js';
import type { RfcResultJob } from './rfc/RfcSource.js';
import type { SapStatus, StatusFormat, StatusRouting } from './status/buildStatusIdoc.js';
import type { IdocRecord, KnownOutcome } from './store/IdocIndex.js';
import type { Outbox } from './store/Outbox.js';

/** A status IDoc waiting in the outbox. */
export interface StatusJob {
  readonly format: StatusFormat;
  readonly status: SapStatus;
  readonly routing: StatusRouting;
  readonly at: string;
}

/** A UPO waiting in the outbox, for SAP's UPO service (docs/sap/ZCL_KSEF_UPO_HTTP.abap). */
export interface UpoJob {
  readonly docnum?: string;
  readonly billingDocument: string;
  readonly ksefNumber: string;
  /** Absent in messages queued by gateways before 2026-12. */
  readonly acquisitionDate?: string;
  readonly upoXml: string;
}

/** Puts status IDocs, UPOs and results for SAP into the durable outbox. */
export class StatusQueue {
  constructor(
    private readonly outbox: Outbox,
    private readonly format: StatusFormat,
    private readonly clock: Clock,
    private readonly routes: { readonly upoByHttp: boolean; readonly resultsOverRfc: boolean },
  ) {}

  async status(record: IdocRecord, outcome: Omit<KnownOutcome, 'erpId'>): Promise<void> {
    const status: SapStatus = {
      docnum: record.docnum, billingDocument: record.billingDocument, status: outcome.status,
      ...(outcome.ksefNumber ? { ksefNumber: outcome.ksefNumber } : {}), ...(outcome.acquisitionDate ? { acquisitionDate: outcome.acquisitionDate } : {}),
      messages: outcome.messages,
    };
    const job: StatusJob = { format: this.format, status, routing: record.routing, at: this.clock.now().toISOString() };
    await this.outbox.add('status', job);
  }

  async upo(job: UpoJob): Promise<void> {
    if (this.routes.upoByHttp) await this.outbox.add('upo', job);
  }

  /** One result per billing document into SAP's ZKSEF_RESULT (Z_KSEF_SET_RESULT), when configured: it carries the UPO. */
  async result(job: RfcResultJob): Promise<void> {
    if (this.routes.resultsOverRfc && job.vbeln !== '') await this.outbox.add('rfc-result', job);
  }
}
