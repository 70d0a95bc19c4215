/** `{perSecond, perMinute, perHour}` of one endpoint group (PROTOCOL.md §10). */
export interface RateLimitValues {
  readonly perSecond: number;
  readonly perMinute: number;
  readonly perHour: number;
}

export type RateLimitGroup =
  | 'onlineSession' | 'batchSession' | 'invoiceSend' | 'invoiceStatus' | 'sessionList' | 'sessionInvoiceList'
  | 'sessionMisc' | 'invoiceMetadata' | 'invoiceExport' | 'invoiceExportStatus' | 'invoiceDownload' | 'other'
  | 'public';

export type EffectiveRateLimits = Readonly<Partial<Record<RateLimitGroup, RateLimitValues>>>;

export interface ContextLimits {
  readonly onlineSession: { readonly maxInvoiceSizeInMB: number; readonly maxInvoiceWithAttachmentSizeInMB: number; readonly maxInvoices: number };
  readonly batchSession: { readonly maxInvoiceSizeInMB: number; readonly maxInvoiceWithAttachmentSizeInMB: number; readonly maxInvoices: number };
}
