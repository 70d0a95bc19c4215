import type { StatusInfo } from './StatusInfo.js';

/** Form code sent at session open (PROTOCOL.md §6.1). FA (3) is the default. */
export interface FormCode {
  readonly systemCode: string;
  readonly schemaVersion: string;
  readonly value: string;
}

export const FA3_FORM_CODE: FormCode = Object.freeze({ systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' });

/**
 * An open online session. The AES key and IV live in non-enumerable fields, so that neither
 * JSON.stringify nor util.inspect nor a logger prints them.
 */
export interface OnlineSession {
  readonly referenceNumber: string;
  readonly validUntil: string;
  readonly formCode: FormCode;
}

export interface SendInvoiceOptions {
  readonly offlineMode?: boolean;
  /** Base64 SHA-256 of the rejected original; only for a technical correction (PROTOCOL.md §6.10). */
  readonly hashOfCorrectedInvoice?: string;
  readonly signal?: AbortSignal;
}

export interface SentInvoice {
  readonly invoiceReferenceNumber: string;
  /** Base64 SHA-256 of the plaintext bytes sent; what statuses and duplicates are matched by. */
  readonly invoiceHash: string;
  readonly invoiceSize: number;
}

export interface BatchInvoice {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

export interface SendBatchOptions {
  readonly format?: 'zip' | 'tar.gz';
  readonly offlineMode?: boolean;
  readonly formCode?: FormCode;
  /** Override of the 100 MB part size (tests only need it smaller). */
  readonly maxPartSize?: number;
  readonly signal?: AbortSignal;
  /**
   * Called with the session's reference once KSeF has opened it, before any part is uploaded (the send stops if it
   * throws). A caller that records it can later ask KSeF whether an interrupted send's close arrived.
   */
  readonly onOpened?: (sessionReferenceNumber: string) => Promise<void>;
}

export interface BatchFileEntry {
  readonly fileName: string;
  readonly invoiceHash: string;
  readonly size: number;
}

export interface SentBatch {
  readonly sessionReferenceNumber: string;
  /** One entry per invoice in the package, in package order. */
  readonly files: readonly BatchFileEntry[];
  readonly partCount: number;
  readonly packageSize: number;
}

export interface UpoPage {
  readonly referenceNumber: string;
  readonly downloadUrl: string;
  readonly downloadUrlExpirationDate: string;
}

export interface SessionStatus {
  readonly status: StatusInfo;
  readonly dateCreated: string;
  readonly dateUpdated: string;
  readonly validUntil?: string | null;
  readonly upo?: { readonly pages: readonly UpoPage[] } | null;
  readonly invoiceCount?: number | null;
  readonly successfulInvoiceCount?: number | null;
  readonly failedInvoiceCount?: number | null;
}

export interface SessionInvoiceStatus {
  readonly ordinalNumber: number;
  readonly invoiceNumber?: string | null;
  readonly ksefNumber?: string | null;
  readonly referenceNumber: string;
  readonly invoiceHash: string;
  readonly invoiceFileName?: string | null;
  readonly acquisitionDate?: string | null;
  readonly invoicingDate: string;
  readonly permanentStorageDate?: string | null;
  readonly upoDownloadUrl?: string | null;
  readonly upoDownloadUrlExpirationDate?: string | null;
  readonly invoicingMode?: 'Online' | 'Offline' | null;
  readonly status: StatusInfo;
}

export interface SessionInvoicesPage {
  readonly invoices: readonly SessionInvoiceStatus[];
  readonly continuationToken?: string | null;
}

/** A document KSeF returned byte for byte (UPO, invoice XML) with its `x-ms-meta-hash` when sent. */
export interface KsefDocument {
  readonly bytes: Uint8Array;
  readonly metaHash?: string;
}

export interface SessionListQuery {
  readonly sessionType: 'Online' | 'Batch';
  readonly statuses?: readonly ('InProgress' | 'Succeeded' | 'Failed' | 'Cancelled')[];
  readonly referenceNumber?: string;
  readonly dateCreatedFrom?: string;
  readonly dateCreatedTo?: string;
  readonly pageSize?: number;
}

export interface SessionListItem {
  readonly referenceNumber: string;
  readonly status: StatusInfo;
  readonly dateCreated: string;
  readonly dateUpdated: string;
  readonly validUntil?: string | null;
  readonly totalInvoiceCount?: number;
  readonly successfulInvoiceCount?: number;
  readonly failedInvoiceCount?: number;
}

export interface SessionListPage {
  readonly sessions: readonly SessionListItem[];
  readonly continuationToken?: string | null;
}
