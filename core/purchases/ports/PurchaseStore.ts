import type { ServiceIdentifier } from 'inversify';

/** How the context appears on the invoices a sync fetches (KSeF's `subjectType`). */
export type SubjectType = 'Subject1' | 'Subject2' | 'Subject3' | 'SubjectAuthorized';
export const SUBJECT_TYPES: readonly SubjectType[] = ['Subject1', 'Subject2', 'Subject3', 'SubjectAuthorized'];

/** Where the sync of one (context, subject type) continues; `continueFrom` is the next export's `dateRange.from`. */
export interface SyncCursor {
  readonly contextNip: string;
  readonly subjectType: SubjectType;
  readonly continueFrom: string | null;
  readonly hwm: string | null;
  /** Epoch ms of the last finished sync. */
  readonly lastSyncAt: number | null;
  readonly lastError: string | null;
  /** Invoices this cursor has stored, in total. */
  readonly received: number;
}

/** One invoice KSeF holds for a context, as stored: the XML byte for byte with KSeF's metadata. */
export interface ReceivedInvoice {
  readonly contextNip: string;
  readonly ksefNumber: string;
  readonly subjectType: SubjectType;
  readonly invoiceNumber: string;
  readonly sellerNip: string;
  readonly issueDate: string;
  readonly acquisitionDate: string;
  readonly permanentStorageDate: string;
  /** Base64 SHA-256 of `xml`. */
  readonly invoiceHash: string;
  /** KSeF's `InvoiceMetadata` of the invoice, as `_metadata.json` gave it. */
  readonly metadata: Record<string, unknown>;
  readonly xml: Buffer;
  readonly receivedAt: number;
}

/** A delivery of one received invoice to one plugin instance, leased until `leaseUntil`. */
export interface PendingDelivery {
  readonly consumer: string;
  readonly attempts: number;
  readonly invoice: ReceivedInvoice;
}

/**
 * The inbound direction's durable state: received invoices (deduplicated per context by KSeF number), the sync
 * cursors, the per-plugin delivery outbox, the export log (the budget) and the per-context sync lease.
 * Implemented by SQLite and PostgreSQL; both pass test/support/purchaseStoreContract.ts.
 */
export interface PurchaseStore {
  cursor(contextNip: string, subjectType: SubjectType): Promise<SyncCursor | undefined>;
  cursors(): Promise<SyncCursor[]>;
  /**
   * Stores the invoices not yet held for their context (KSeF number) and queues one delivery per consumer for each
   * of them, in one transaction. Returns the KSeF numbers that were new.
   */
  storeInvoices(invoices: readonly ReceivedInvoice[], consumers: readonly string[]): Promise<string[]>;
  /** Moves the cursor on; called only once every invoice of the package is stored. */
  advanceCursor(contextNip: string, subjectType: SubjectType, to: { continueFrom: string; hwm: string | null; received: number; now: number }): Promise<void>;
  recordSyncError(contextNip: string, subjectType: SubjectType, message: string, now: number): Promise<void>;
  /** Notes an export start (the budget counts them across instances). */
  logExport(contextNip: string, subjectType: SubjectType, referenceNumber: string, now: number): Promise<void>;
  /** Exports started for the context since `since` (epoch ms), optionally of one subject type. */
  exportsSince(contextNip: string, since: number, subjectType?: SubjectType): Promise<number>;
  /** Takes or renews the context's sync lease; false while another owner holds it. */
  tryLease(contextNip: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  releaseLease(contextNip: string, owner: string): Promise<void>;
  /** Leases up to `limit` due deliveries of `consumer`. */
  claimDeliveries(consumer: string, limit: number, now: number, leaseMs: number): Promise<PendingDelivery[]>;
  ackDelivery(consumer: string, contextNip: string, ksefNumber: string, now: number): Promise<void>;
  failDelivery(consumer: string, contextNip: string, ksefNumber: string, error: string, retryAt: number): Promise<void>;
  /** Deliveries not yet acknowledged, per consumer. */
  pendingDeliveries(): Promise<Record<string, number>>;
  getInvoice(ksefNumber: string, contextNip?: string): Promise<ReceivedInvoice | undefined>;
  /** Newest first. */
  listInvoices(q: { contextNip?: string; limit: number; offset?: number }): Promise<Omit<ReceivedInvoice, 'xml'>[]>;
  close(): Promise<void>;
}

export const PurchaseStoreToken = Symbol.for('ksef-gateway/purchases/PurchaseStore') as ServiceIdentifier<PurchaseStore>;
