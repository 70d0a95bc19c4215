import type { HttpMethod } from '../http/KsefHttp.js';
import type { RateLimitGroup } from '../types/limits.js';

const PUBLIC = [/^\/auth\/challenge$/, /^\/auth\/ksef-token$/, /^\/auth\/xades-signature$/, /^\/auth\/token\/(redeem|refresh)$/,
  /^\/security\/public-key-certificates$/, /^\/auth\/\d{8}-AU-[^/]+$/];

/** The rate-limit group of an endpoint (PROTOCOL.md §10.2); `path` is relative to the base URL, without query. */
export function endpointGroup(method: HttpMethod, path: string): RateLimitGroup {
  if (PUBLIC.some((re) => re.test(path))) return 'public';
  if (method === 'POST' && /^\/sessions\/online(\/[^/]+\/close)?$/.test(path)) return 'onlineSession';
  if (method === 'POST' && /^\/sessions\/online\/[^/]+\/invoices$/.test(path)) return 'invoiceSend';
  if (method === 'POST' && /^\/sessions\/batch(\/[^/]+\/close)?$/.test(path)) return 'batchSession';
  if (method === 'GET' && path === '/sessions') return 'sessionList';
  if (method === 'GET' && /^\/sessions\/[^/]+\/invoices(\/failed)?$/.test(path)) return 'sessionInvoiceList';
  if (method === 'GET' && /^\/sessions\/[^/]+\/invoices\/[^/]+$/.test(path)) return 'invoiceStatus';
  if (method === 'GET' && path.startsWith('/sessions/')) return 'sessionMisc';
  if (method === 'POST' && path === '/invoices/query/metadata') return 'invoiceMetadata';
  if (method === 'POST' && path === '/invoices/exports') return 'invoiceExport';
  if (method === 'GET' && path.startsWith('/invoices/exports/')) return 'invoiceExportStatus';
  if (method === 'GET' && path.startsWith('/invoices/ksef/')) return 'invoiceDownload';
  return 'other';
}

/** "other" counts each endpoint on its own: key it by method and path with identifiers folded. */
export function rateLimitKey(group: RateLimitGroup, method: HttpMethod, path: string): string {
  if (group !== 'other') return group;
  return `other:${method} ${path.replace(/\/\d{8}-[A-Z]{2}-[0-9A-F-]+/g, '/{ref}')}`;
}
