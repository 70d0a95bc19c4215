/** The rate-limit groups of `GET /rate-limits` (PROTOCOL.md §10.2) plus `public` for unauthenticated endpoints. */
export const RATE_GROUPS = [
  'onlineSession', 'batchSession', 'invoiceSend', 'invoiceStatus', 'sessionList', 'sessionInvoiceList', 'sessionMisc',
  'invoiceMetadata', 'invoiceExport', 'invoiceExportStatus', 'invoiceDownload', 'other',
] as const;
export type RateGroup = (typeof RATE_GROUPS)[number] | 'public';

export interface RateLimitValues { perSecond: number; perMinute: number; perHour: number }
export type RateLimitTable = Record<RateGroup, RateLimitValues>;
export type RateLimitProfile = 'production' | 'off' | RateLimitTable;

const v = (perSecond: number, perMinute: number, perHour: number): RateLimitValues => ({ perSecond, perMinute, perHour });

/** The `x-rate-limits` of the 2.6.0 spec; public endpoints: 60 req/s per IP. */
export const PRODUCTION_LIMITS: RateLimitTable = {
  onlineSession: v(10, 30, 120),
  batchSession: v(10, 20, 60),
  invoiceSend: v(10, 30, 180),
  invoiceStatus: v(30, 120, 1200),
  sessionList: v(5, 10, 60),
  sessionInvoiceList: v(10, 20, 200),
  sessionMisc: v(10, 120, 1200),
  invoiceMetadata: v(8, 16, 20),
  invoiceExport: v(8, 16, 20),
  invoiceExportStatus: v(10, 60, 600),
  invoiceDownload: v(8, 16, 64),
  other: v(10, 30, 120),
  public: v(60, 3600, 216000),
};

export function resolveProfile(profile: RateLimitProfile | undefined): RateLimitTable | undefined {
  if (profile === undefined || profile === 'production') return PRODUCTION_LIMITS;
  if (profile === 'off') return undefined;
  return { ...PRODUCTION_LIMITS, ...profile };
}
