import type { ReceivedInvoice, SubjectType, SyncCursor } from '../../core/purchases/ports/PurchaseStore.js';
import { asBuffer } from './asBuffer.js';

export interface PurchaseRow {
  context_nip: string; ksef_number: string; subject_type: string; invoice_number: string; seller_nip: string; issue_date: string;
  acquisition_date: string; permanent_storage_date: string; invoice_hash: string; metadata: string; xml?: Uint8Array; received_at: number;
}

export interface CursorRow {
  context_nip: string; subject_type: string; continue_from: string | null; hwm: string | null; last_sync_at: number | null;
  last_error: string | null; received: number;
}

export const PURCHASE_COLUMNS = 'context_nip, ksef_number, subject_type, invoice_number, seller_nip, issue_date, acquisition_date, permanent_storage_date, invoice_hash, metadata, received_at';

export function toReceived(r: PurchaseRow): ReceivedInvoice {
  return {
    contextNip: r.context_nip, ksefNumber: r.ksef_number, subjectType: r.subject_type as SubjectType, invoiceNumber: r.invoice_number,
    sellerNip: r.seller_nip, issueDate: r.issue_date, acquisitionDate: r.acquisition_date, permanentStorageDate: r.permanent_storage_date,
    invoiceHash: r.invoice_hash, metadata: JSON.parse(r.metadata) as Record<string, unknown>, xml: r.xml ? asBuffer(r.xml) : Buffer.alloc(0),
    receivedAt: Number(r.received_at),
  };
}

export function toCursor(r: CursorRow): SyncCursor {
  return {
    contextNip: r.context_nip, subjectType: r.subject_type as SubjectType, continueFrom: r.continue_from, hwm: r.hwm,
    lastSyncAt: r.last_sync_at === null ? null : Number(r.last_sync_at), lastError: r.last_error, received: Number(r.received),
  };
}

/** Column values of an invoice, in PURCHASE_COLUMNS order plus `xml` last. */
export function purchaseValues(i: ReceivedInvoice): unknown[] {
  return [i.contextNip, i.ksefNumber, i.subjectType, i.invoiceNumber, i.sellerNip, i.issueDate, i.acquisitionDate, i.permanentStorageDate,
    i.invoiceHash, JSON.stringify(i.metadata), i.receivedAt, i.xml];
}
