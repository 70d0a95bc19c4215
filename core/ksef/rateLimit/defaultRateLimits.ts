import type { RateLimitGroup, RateLimitValues } from '../types/limits.js';

const v = (perSecond: number, perMinute: number, perHour: number): RateLimitValues => Object.freeze({ perSecond, perMinute, perHour });

/**
 * PROTOCOL.md §10.2, the 2.6.0 spec's `x-rate-limits` (the stricter of spec and newer docs for session close).
 * `public` has only a per-second limit; Infinity leaves a window unchecked.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitGroup, RateLimitValues>> = Object.freeze({
  onlineSession: v(10, 30, 120),
  invoiceSend: v(10, 30, 180),
  batchSession: v(10, 20, 60),
  invoiceStatus: v(30, 120, 1200),
  sessionList: v(5, 10, 60),
  sessionInvoiceList: v(10, 20, 200),
  sessionMisc: v(10, 120, 1200),
  invoiceMetadata: v(8, 16, 20),
  invoiceExport: v(8, 16, 20),
  invoiceExportStatus: v(10, 60, 600),
  invoiceDownload: v(8, 16, 64),
  other: v(10, 30, 120),
  public: v(60, Infinity, Infinity),
});
