import type { InvoiceQueryFilters } from './invoices.js';
import type { StatusInfo } from './StatusInfo.js';

export type ExportCompression = 'Zip' | 'TarGz';

export interface StartExportOptions {
  /** Only `_metadata.json`, no invoice files. */
  readonly onlyMetadata?: boolean;
  readonly compressionType?: ExportCompression;
  readonly signal?: AbortSignal;
}

/** One encrypted part of an export package at a pre-signed URL (PROTOCOL.md §8.3). */
export interface ExportPart {
  readonly ordinalNumber: number;
  readonly partName: string;
  readonly method: string;
  readonly url: string;
  readonly partSize: number;
  readonly partHash: string;
  readonly encryptedPartSize: number;
  readonly encryptedPartHash: string;
  readonly expirationDate: string;
}

export interface ExportPackageInfo {
  readonly invoiceCount: number;
  readonly size: number;
  readonly isTruncated: boolean;
  readonly lastIssueDate?: string | null;
  readonly lastInvoicingDate?: string | null;
  readonly lastPermanentStorageDate?: string | null;
  readonly permanentStorageHwmDate?: string | null;
  readonly parts: readonly ExportPart[];
}

/** `GET /invoices/exports/{ref}`: 100 in progress, 200 done, 210 expired, 415 key, 420 past the HWM, 500, 550. */
export interface ExportStatus {
  readonly status: StatusInfo;
  readonly completedDate?: string | null;
  readonly packageExpirationDate?: string | null;
  readonly package?: ExportPackageInfo | null;
}

/** An export started by this client: the AES key stays with the caller (KSeF encrypts the parts with it). */
export interface StartedExport {
  readonly referenceNumber: string;
  readonly key: { readonly key: Buffer; readonly iv: Buffer };
  readonly filters: InvoiceQueryFilters;
  readonly compressionType: ExportCompression;
}

/** `InvoiceMetadata` of the spec, as `_metadata.json` and the metadata query give it. */
export interface InvoiceMetadata {
  readonly ksefNumber: string;
  readonly invoiceNumber: string;
  readonly issueDate: string;
  readonly invoicingDate: string;
  readonly acquisitionDate: string;
  readonly permanentStorageDate: string;
  readonly seller: { readonly nip: string; readonly name?: string | null };
  readonly buyer: { readonly identifier: { readonly type: string; readonly value?: string | null }; readonly name?: string | null };
  readonly netAmount: number;
  readonly grossAmount: number;
  readonly vatAmount: number;
  readonly currency: string;
  readonly invoicingMode: string;
  readonly invoiceType: string;
  readonly invoiceHash: string;
  readonly [other: string]: unknown;
}
