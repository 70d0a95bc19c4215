import { CertificatesApi } from './certificates/CertificatesApi.js';
import type { Dispatcher } from 'undici';
import { defaultDispatcher } from './http/defaultDispatcher.js';
import { pino, type Logger } from 'pino';
import { GatewayError } from '../errors/GatewayError.js';
import { KsefApiError } from './errors/KsefApiError.js';
import { HttpTransport } from './http/HttpTransport.js';
import { PublicKeyCache } from './crypto/PublicKeyCache.js';
import { AuthSession } from './auth/AuthSession.js';
import { RateLimiter } from './rateLimit/RateLimiter.js';
import { InMemoryRateLimitStore } from './rateLimit/InMemoryRateLimitStore.js';
import type { ApiContext } from './api/ApiContext.js';
import { OnlineSessionApi } from './api/OnlineSessionApi.js';
import { BatchSender } from './api/BatchSender.js';
import { SessionStatusApi, type ListOptions } from './api/SessionStatusApi.js';
import { TokensApi } from './api/TokensApi.js';
import { InvoicesApi } from './api/InvoicesApi.js';
import { ExportsApi } from './api/ExportsApi.js';
import { allInvoiceMetadata } from './api/metadataPages.js';
import { downloadExport, type DownloadedExport } from './exports/downloadExport.js';
import type { DownloadOptions } from './exports/downloadExportParts.js';
import type { ExportStatus, InvoiceMetadata, StartExportOptions, StartedExport } from './types/exports.js';
import { KSEF_BASE_URLS } from './types/KsefEnvironment.js';
import type { ContextIdentifier } from './types/ContextIdentifier.js';
import type { KsefClientOptions } from './types/KsefClientOptions.js';
import type {
  BatchInvoice, FormCode, KsefDocument, OnlineSession, SendBatchOptions, SendInvoiceOptions, SentBatch, SentInvoice,
  SessionInvoicesPage, SessionInvoiceStatus, SessionListPage, SessionListQuery, SessionStatus,
} from './types/sessions.js';
import type { GenerateTokenRequest, GeneratedToken, TokenInfo, TokenListFilters, TokenListPage } from './types/tokens.js';
import type { InvoiceMetadataPage, InvoiceQueryFilters, InvoiceQueryPage } from './types/invoices.js';
import type { ContextLimits, EffectiveRateLimits, RateLimitGroup } from './types/limits.js';
import type { RateRoom } from './rateLimit/RateLimitStore.js';

/** The KSeF 2.0 client: auth, online and batch sessions, statuses and UPOs, tokens, invoices. */
export class KsefClient {
  readonly baseUrl: string;
  readonly context: ContextIdentifier;
  private readonly logger: Logger;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly limiter: RateLimiter;
  private readonly auth: AuthSession;
  private readonly http: HttpTransport;
  private readonly online: OnlineSessionApi;
  private readonly batch: BatchSender;
  private readonly statuses: SessionStatusApi;
  private readonly tokens: TokensApi;
  private readonly invoices: InvoicesApi;
  private readonly exports: ExportsApi;
  /** `/certificates/*` (core/ksef/certificates): enrolment needs a client authenticated with XAdES. */
  readonly certificates: CertificatesApi;

  constructor(options: KsefClientOptions) {
    this.baseUrl = (options.baseUrl ?? KSEF_BASE_URLS[options.environment!]).replace(/\/+$/, '');
    if (!/^https?:\/\//.test(this.baseUrl)) throw new GatewayError('GW_KSEF_BASE_URL', 'config', `KSeF base URL "${this.baseUrl}" is not an http(s) URL`);
    const context = options.contextIdentifier ?? (options.contextNip ? { type: 'Nip' as const, value: options.contextNip } : undefined);
    if (!context) throw new GatewayError('GW_KSEF_CONTEXT', 'config', 'KSeF client needs contextNip or contextIdentifier');
    this.context = context;
    const now = options.now ?? Date.now;
    this.logger = (options.logger ?? pino({ enabled: false })).child({ component: 'ksef-client' });
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher ?? defaultDispatcher();
    const limits = options.rateLimits ?? 'default';
    this.limiter = new RateLimiter(options.rateLimitStore ?? new InMemoryRateLimitStore(), `${this.baseUrl}|${context.type}:${context.value}`,
      limits !== 'off', typeof limits === 'object' ? limits : {}, now, { maxWaitMs: options.maxRateLimitWaitMs },
      `${this.baseUrl}|egress:${options.egress ?? 'default'}`);
    const retry = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 15_000, ...options.retry };
    const http = this.http = new HttpTransport({
      baseUrl: this.baseUrl, dispatcher: this.dispatcher, limiter: this.limiter, logger: this.logger, now,
      timeoutMs: options.requestTimeoutMs ?? 60_000, retry,
    });
    const publicKeys = new PublicKeyCache(http, now);
    this.auth = new AuthSession({
      http, method: options.auth, publicKeys, context, logger: this.logger, now, retry,
      pollIntervalMs: options.authPollIntervalMs ?? 1000, timeoutMs: options.authTimeoutMs ?? 120_000, refreshSkewMs: options.refreshSkewMs ?? 60_000,
    });
    const ctx: ApiContext = { http, publicKeys, logger: this.logger, authed: (call, signal) => this.authed(call, signal) };
    this.online = new OnlineSessionApi(ctx);
    this.batch = new BatchSender(ctx);
    this.statuses = new SessionStatusApi(ctx);
    this.tokens = new TokensApi(ctx);
    this.invoices = new InvoicesApi(ctx);
    this.exports = new ExportsApi(ctx);
    this.certificates = new CertificatesApi(ctx);
  }

  /** Authenticates now (otherwise done lazily by the first call that needs it). */
  async authenticate(signal?: AbortSignal): Promise<void> {
    await this.auth.authenticate(signal);
  }

  openOnlineSession(opts?: { formCode?: FormCode; signal?: AbortSignal }): Promise<OnlineSession> { return this.online.open(opts); }
  /** Throws KsefOutcomeUnknownError when the answer is lost: resolve with `findSentInvoice`, never resend blindly. */
  sendOnlineInvoice(session: OnlineSession, xml: Uint8Array, opts?: SendInvoiceOptions): Promise<SentInvoice> { return this.online.send(session, xml, opts); }
  closeOnlineSession(session: OnlineSession | string, signal?: AbortSignal): Promise<void> { return this.online.close(session, signal); }
  sendBatch(invoices: AsyncIterable<BatchInvoice> | Iterable<BatchInvoice>, opts?: SendBatchOptions): Promise<SentBatch> { return this.batch.send(invoices, opts); }

  listSessions(query: SessionListQuery, continuationToken?: string, signal?: AbortSignal): Promise<SessionListPage> { return this.statuses.sessions(query, continuationToken, signal); }
  getSessionStatus(ref: string, signal?: AbortSignal): Promise<SessionStatus> { return this.statuses.status(ref, signal); }
  listSessionInvoices(ref: string, continuationToken?: string, opts?: ListOptions): Promise<SessionInvoicesPage> { return this.statuses.list(ref, false, continuationToken, opts); }
  listFailedSessionInvoices(ref: string, continuationToken?: string, opts?: ListOptions): Promise<SessionInvoicesPage> { return this.statuses.list(ref, true, continuationToken, opts); }
  getSessionInvoice(ref: string, invoiceRef: string, signal?: AbortSignal): Promise<SessionInvoiceStatus> { return this.statuses.invoice(ref, invoiceRef, signal); }
  /** Looks a sent invoice up by the Base64 SHA-256 of its bytes: resolves a KsefOutcomeUnknownError. */
  findSentInvoice(sessionRef: string, invoiceHash: string, signal?: AbortSignal): Promise<SessionInvoiceStatus | undefined> { return this.statuses.findByHash(sessionRef, invoiceHash, signal); }
  getInvoiceUpo(sessionRef: string, invoice: { invoiceReferenceNumber?: string; ksefNumber?: string | null; upoDownloadUrl?: string | null }, signal?: AbortSignal): Promise<KsefDocument> {
    return this.statuses.invoiceUpo(sessionRef, invoice, signal);
  }
  getSessionUpo(sessionRef: string, upoRef: string, opts?: { downloadUrl?: string; signal?: AbortSignal }): Promise<KsefDocument> { return this.statuses.sessionUpo(sessionRef, upoRef, opts); }

  generateToken(req: GenerateTokenRequest, signal?: AbortSignal): Promise<GeneratedToken> { return this.tokens.generate(req, signal); }
  listTokens(filters?: TokenListFilters, continuationToken?: string, signal?: AbortSignal): Promise<TokenListPage> { return this.tokens.list(filters, continuationToken, signal); }
  getToken(ref: string, signal?: AbortSignal): Promise<TokenInfo> { return this.tokens.get(ref, signal); }
  revokeToken(ref: string, signal?: AbortSignal): Promise<void> { return this.tokens.revoke(ref, signal); }

  getInvoice(ksefNumber: string, signal?: AbortSignal): Promise<KsefDocument> { return this.invoices.get(ksefNumber, signal); }
  queryInvoiceMetadata(filters: InvoiceQueryFilters, page?: InvoiceQueryPage, signal?: AbortSignal): Promise<InvoiceMetadataPage> { return this.invoices.queryMetadata(filters, page, signal); }
  /** Every record of a metadata query, paging and narrowing past the 10,000-record limit as the spec says. */
  allInvoiceMetadata(filters: InvoiceQueryFilters, opts: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<InvoiceMetadata> {
    return allInvoiceMetadata((f, page) => this.invoices.queryMetadata(f, page, opts.signal), filters, opts.pageSize);
  }

  /** Starts an export (PROTOCOL.md §8.3) with a fresh AES key, which the returned object carries for the download. */
  startInvoiceExport(filters: InvoiceQueryFilters, opts?: StartExportOptions): Promise<StartedExport> { return this.exports.start(filters, opts); }
  getInvoiceExportStatus(ref: string, signal?: AbortSignal): Promise<ExportStatus> { return this.exports.status(ref, signal); }
  /** Polls until the export's status leaves 100. */
  waitForInvoiceExport(ref: string, opts?: { pollIntervalMs?: number; timeoutMs?: number; signal?: AbortSignal }): Promise<ExportStatus> { return this.exports.waitFor(ref, opts); }
  /** Downloads the parts in parallel, checks their hashes, decrypts them into one archive on disk; read it, then `dispose()`. */
  downloadInvoiceExport(started: StartedExport, status: ExportStatus, opts?: DownloadOptions & { tmpDir?: string }): Promise<DownloadedExport> {
    return downloadExport(this.http, started, status, opts);
  }

  /** Fetches the effective limits of this context and applies them to the client's limiter. */
  async getRateLimits(signal?: AbortSignal): Promise<EffectiveRateLimits> {
    const limits = await this.invoices.rateLimits(signal);
    this.limiter.update(limits);
    return limits;
  }
  getContextLimits(signal?: AbortSignal): Promise<ContextLimits> { return this.invoices.contextLimits(signal); }

  /** How many requests of an endpoint group may go now without waiting for the rate limit (Infinity when off). */
  rateRoom(group: RateLimitGroup, need = 1): Promise<RateRoom> { return this.limiter.room(group, need); }

  /** Ends every rate-limit and retry wait of this client, now and later (shutdown); requests with room still go. */
  interruptWaits(): void { this.limiter.interruptWaits(); }

  /** Ends the auth session (best effort: the refresh token stops working) and closes the HTTP pool we created. */
  async close(opts: { endAuthSession?: boolean } = {}): Promise<void> {
    const refresh = this.auth.refreshTokenValue();
    if (refresh && opts.endAuthSession !== false) {
      await this.http.send({ method: 'DELETE', path: '/auth/sessions/current', bearer: refresh, retry: 'safe' })
        .catch((err: unknown) => this.logger.debug({ err }, 'ending the KSeF auth session failed'));
    }
    this.auth.forget();
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async authed<T>(call: (accessToken: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const token = await this.auth.accessToken(signal);
    try {
      return await call(token);
    } catch (err) {
      // A 401 means the request was refused before it was processed: safe to repeat once with a new token.
      if (!KsefApiError.isApi(err) || err.httpStatus !== 401) throw err;
      this.auth.invalidateAccess();
      return call(await this.auth.accessToken(signal));
    }
  }
}
