import type { Logger } from 'pino';
import type { InboundInvoice } from '../plugin-api/types.js';
import type { PurchaseStore, ReceivedInvoice, SubjectType } from './ports/PurchaseStore.js';

/** A loaded plugin instance; one without `receive` has its queued invoices acknowledged without a call. */
export interface PurchaseReceiver {
  readonly id: string;
  readonly receive?: (invoice: InboundInvoice) => Promise<void>;
}

const ROLE: Record<SubjectType, InboundInvoice['subjectRole']> = { Subject1: 'seller', Subject2: 'buyer', Subject3: 'third-party', SubjectAuthorized: 'authorized' };

export function toInbound(i: ReceivedInvoice): InboundInvoice {
  return {
    ksefNumber: i.ksefNumber, contextNip: i.contextNip, subjectRole: ROLE[i.subjectType], invoiceNumber: i.invoiceNumber, sellerNip: i.sellerNip,
    issueDate: i.issueDate, acquisitionDate: i.acquisitionDate, permanentStorageDate: i.permanentStorageDate, invoiceHash: i.invoiceHash,
    xml: i.xml.toString('utf8'), metadata: Object.freeze({ ...i.metadata }),
  };
}

/** Backoff after the n-th failed attempt: 5 s doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3600_000, 5000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The inbound outbox: hands each stored invoice to each receiver, acknowledged per receiver. A delivery is leased
 * while `receive` runs; a crash leaves it to come back when the lease ends.
 */
export class PurchaseDelivery {
  constructor(private readonly store: PurchaseStore, private readonly receivers: () => readonly PurchaseReceiver[], private readonly o: {
    logger: Logger; now?: () => number; batch?: number; leaseMs?: number; onDelivered?: (receiver: string) => void;
  }) {}

  /** Delivers what is due now; returns how many deliveries were acknowledged. */
  async deliverDue(): Promise<number> {
    const now = this.o.now ?? Date.now;
    let acknowledged = 0;
    for (const r of this.receivers()) {
      const due = await this.store.claimDeliveries(r.id, this.o.batch ?? 100, now(), this.o.leaseMs ?? 5 * 60_000);
      for (const d of due) {
        const i = d.invoice;
        try {
          await r.receive?.(toInbound(i));
          await this.store.ackDelivery(r.id, i.contextNip, i.ksefNumber, now());
          acknowledged++;
          this.o.onDelivered?.(r.id);
        } catch (err) {
          const retryAt = now() + retryDelayMs(d.attempts);
          this.o.logger.warn({ err, plugin: r.id, ksefNumber: i.ksefNumber, attempts: d.attempts, retryAt }, 'received invoice not acknowledged by the plugin');
          await this.store.failDelivery(r.id, i.contextNip, i.ksefNumber, err instanceof Error ? err.message : String(err), retryAt);
        }
      }
    }
    return acknowledged;
  }
}
