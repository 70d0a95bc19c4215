import type { InboundInvoice, PluginContext } from '../../../core/plugin-api/index.js';
import type { RestOptions } from '../RestOptions.js';

/** A received invoice as the API shows it (the XML is served apart, byte for byte). */
export interface PurchaseView {
  readonly ksefNumber: string;
  readonly context: string;
  readonly subjectRole: InboundInvoice['subjectRole'];
  readonly invoiceNumber: string;
  readonly sellerNip: string;
  readonly sellerName?: string;
  readonly issueDate: string;
  readonly acquisitionDate: string;
  readonly permanentStorageDate: string;
  readonly invoiceHash: string;
  /** When this API instance took the invoice from the gateway; the list's order. */
  readonly receivedAt: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly links: { readonly self: string; readonly xml: string };
}

interface StoredPurchase {
  readonly view: PurchaseView;
  readonly xml: string;
  /** The webhook events are stored: a redelivery of the same invoice does nothing more. */
  readonly announced: boolean;
}

export interface PurchasePage {
  readonly items: PurchaseView[];
  readonly next?: string;
}

const FULL = 'purchases';
/** `<context>/<receivedAt>/<ksefNumber>`: per-context reception order, so a page of several contexts is a merge. */
const ORDER = 'purchase-order';

const recordKey = (context: string, ksefNumber: string): string => `${context}/${ksefNumber}`;

function sellerNameOf(metadata: Readonly<Record<string, unknown>>): string | undefined {
  const seller = metadata.seller as { name?: unknown } | undefined;
  return typeof seller?.name === 'string' ? seller.name : undefined;
}

/**
 * The purchase invoices this REST instance received through `receive`, kept in its own storage (one record per
 * context and KSeF number, so a redelivery after a crash neither duplicates an invoice nor its webhook).
 */
export class PurchaseRecords {
  constructor(private readonly ctx: PluginContext<RestOptions>) {}

  /**
   * Stores the invoice once; `announce` runs until it has succeeded once for it (a crash in between runs it again,
   * and the webhook outbox keys its messages by subject, so a receiver sees the same `webhook-id`).
   */
  async receive(invoice: InboundInvoice, announce: (view: PurchaseView) => Promise<void>): Promise<void> {
    const key = recordKey(invoice.contextNip, invoice.ksefNumber);
    let stored = (await this.ctx.storage.get<StoredPurchase>(FULL, key))?.value;
    if (!stored) {
      const receivedAt = this.ctx.clock.now().toISOString();
      const path = `/v1/purchases/${encodeURIComponent(invoice.ksefNumber)}`;
      const sellerName = sellerNameOf(invoice.metadata);
      stored = {
        view: {
          ksefNumber: invoice.ksefNumber, context: invoice.contextNip, subjectRole: invoice.subjectRole, invoiceNumber: invoice.invoiceNumber,
          sellerNip: invoice.sellerNip, ...(sellerName !== undefined ? { sellerName } : {}), issueDate: invoice.issueDate,
          acquisitionDate: invoice.acquisitionDate, permanentStorageDate: invoice.permanentStorageDate, invoiceHash: invoice.invoiceHash,
          receivedAt, metadata: invoice.metadata, links: { self: path, xml: `${path}/xml` },
        },
        xml: invoice.xml, announced: false,
      };
      if (!(await this.ctx.storage.insert(FULL, key, stored))) stored = (await this.ctx.storage.get<StoredPurchase>(FULL, key))!.value;
    }
    // The order record is written after the invoice record: a crash between them is repaired by the redelivery.
    await this.ctx.storage.insert(ORDER, `${stored.view.context}/${stored.view.receivedAt}/${stored.view.ksefNumber}`, { ksefNumber: stored.view.ksefNumber });
    if (stored.announced) return;
    await announce(stored.view);
    await this.ctx.storage.update(FULL, key, { ...stored, announced: true });
  }

  /** The invoice in the first of `contexts` that holds it. */
  async get(contexts: readonly string[], ksefNumber: string): Promise<{ view: PurchaseView; xml: string } | undefined> {
    for (const c of contexts) {
      const rec = await this.ctx.storage.get<StoredPurchase>(FULL, recordKey(c, ksefNumber));
      if (rec) return { view: rec.value.view, xml: rec.value.xml };
    }
    return undefined;
  }

  /**
   * Oldest received first, over `contexts`, received in [from, to); `cursor` is the previous page's `next`.
   * Each context's records are read in key order and merged, so a page costs `limit + 1` reads per context.
   */
  async page(q: { contexts: readonly string[]; from?: string; to?: string; limit: number; cursor?: string }): Promise<PurchasePage> {
    const after = q.cursor !== undefined ? Buffer.from(q.cursor, 'base64url').toString('utf8') : undefined;
    const start = after !== undefined && (q.from === undefined || after >= q.from) ? after : q.from;
    const heads: { suffix: string; context: string; ksefNumber: string }[] = [];
    for (const c of q.contexts) {
      const rows = await this.ctx.storage.list<{ ksefNumber: string }>(ORDER, {
        prefix: `${c}/`, ...(start !== undefined ? { after: `${c}/${start}` } : {}), limit: q.limit + 1,
      });
      for (const r of rows) heads.push({ suffix: r.key.slice(c.length + 1), context: c, ksefNumber: r.value.ksefNumber });
    }
    const ordered = heads.filter((h) => q.to === undefined || h.suffix < q.to).sort((a, b) => (a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0));
    const taken = ordered.slice(0, q.limit);
    const items: PurchaseView[] = [];
    for (const h of taken) {
      const rec = await this.ctx.storage.get<StoredPurchase>(FULL, recordKey(h.context, h.ksefNumber));
      if (rec) items.push(rec.value.view);
    }
    const last = taken.at(-1);
    return { items, ...(ordered.length > q.limit && last ? { next: Buffer.from(last.suffix, 'utf8').toString('base64url') } : {}) };
  }
}
