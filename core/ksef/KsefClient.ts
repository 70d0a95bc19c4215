import { GatewayError } from '../errors/GatewayError.js';
import type { KsefClientOptions } from './types/KsefClientOptions.js';
import type {
  BatchInvoice, KsefDocument, OnlineSession, SendBatchOptions, SendInvoiceOptions, SentBatch, SentInvoice,
  SessionInvoicesPage, SessionInvoiceStatus, SessionStatus, FormCode,
} from './types/sessions.js';
import type { GenerateTokenRequest, GeneratedToken, TokenInfo, TokenListFilters, TokenListPage } from './types/tokens.js';
import type { InvoiceMetadataPage, InvoiceQueryFilters, InvoiceQueryPage } from './types/invoices.js';
import type { ContextLimits, EffectiveRateLimits } from './types/limits.js';

const notYet = (): never => {
  throw new GatewayError('GW_KSEF_NOT_IMPLEMENTED', 'system', 'not implemented yet');
};

/** The KSeF 2.0 client: auth, online and batch sessions, statuses and UPOs, tokens, invoices. */
export class KsefClient {
  constructor(readonly options: KsefClientOptions) {}

  authenticate(_signal?: AbortSignal): Promise<void> { return notYet(); }
  openOnlineSession(_opts?: { formCode?: FormCode; signal?: AbortSignal }): Promise<OnlineSession> { return notYet(); }
  sendOnlineInvoice(_session: OnlineSession, _xml: Uint8Array, _opts?: SendInvoiceOptions): Promise<SentInvoice> { return notYet(); }
  closeOnlineSession(_session: OnlineSession | string, _signal?: AbortSignal): Promise<void> { return notYet(); }
  sendBatch(_invoices: AsyncIterable<BatchInvoice> | Iterable<BatchInvoice>, _opts?: SendBatchOptions): Promise<SentBatch> { return notYet(); }
  getSessionStatus(_ref: string, _signal?: AbortSignal): Promise<SessionStatus> { return notYet(); }
  listSessionInvoices(_ref: string, _continuationToken?: string, _opts?: { pageSize?: number; signal?: AbortSignal }): Promise<SessionInvoicesPage> { return notYet(); }
  listFailedSessionInvoices(_ref: string, _continuationToken?: string, _opts?: { pageSize?: number; signal?: AbortSignal }): Promise<SessionInvoicesPage> { return notYet(); }
  getSessionInvoice(_ref: string, _invoiceRef: string, _signal?: AbortSignal): Promise<SessionInvoiceStatus> { return notYet(); }
  /** Looks up a sent invoice by its plaintext hash: resolves a KsefOutcomeUnknownError. */
  findSentInvoice(_sessionRef: string, _invoiceHash: string, _signal?: AbortSignal): Promise<SessionInvoiceStatus | undefined> { return notYet(); }
  getInvoiceUpo(_sessionRef: string, _invoice: { invoiceReferenceNumber?: string; ksefNumber?: string; upoDownloadUrl?: string | null }, _signal?: AbortSignal): Promise<KsefDocument> { return notYet(); }
  getSessionUpo(_sessionRef: string, _upoRef: string, _opts?: { downloadUrl?: string; signal?: AbortSignal }): Promise<KsefDocument> { return notYet(); }
  generateToken(_req: GenerateTokenRequest, _signal?: AbortSignal): Promise<GeneratedToken> { return notYet(); }
  listTokens(_filters?: TokenListFilters, _continuationToken?: string, _signal?: AbortSignal): Promise<TokenListPage> { return notYet(); }
  getToken(_ref: string, _signal?: AbortSignal): Promise<TokenInfo> { return notYet(); }
  revokeToken(_ref: string, _signal?: AbortSignal): Promise<void> { return notYet(); }
  getInvoice(_ksefNumber: string, _signal?: AbortSignal): Promise<KsefDocument> { return notYet(); }
  queryInvoiceMetadata(_filters: InvoiceQueryFilters, _page?: InvoiceQueryPage, _signal?: AbortSignal): Promise<InvoiceMetadataPage> { return notYet(); }
  getRateLimits(_signal?: AbortSignal): Promise<EffectiveRateLimits> { return notYet(); }
  getContextLimits(_signal?: AbortSignal): Promise<ContextLimits> { return notYet(); }
  /** Ends the auth session (best effort) and closes the HTTP pool. */
  close(): Promise<void> { return notYet(); }
}
