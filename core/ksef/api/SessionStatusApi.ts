import { GatewayError } from '../../errors/GatewayError.js';
import { KsefApiError } from '../errors/KsefApiError.js';
import { sha256Base64 } from '../crypto/sha256Base64.js';
import type { KsefResponse } from '../http/KsefHttp.js';
import type { KsefDocument, SessionListPage, SessionListQuery, SessionInvoicesPage, SessionInvoiceStatus, SessionStatus } from '../types/sessions.js';
import type { ApiContext } from './ApiContext.js';

export interface ListOptions {
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

/** Session and invoice statuses and UPOs (PROTOCOL.md §6.4-6.6); all reads, retried freely. */
export class SessionStatusApi {
  constructor(private readonly ctx: ApiContext) {}

  status(ref: string, signal?: AbortSignal): Promise<SessionStatus> {
    return this.get<SessionStatus>(`/sessions/${ref}`, signal);
  }

  list(ref: string, failedOnly: boolean, continuationToken?: string, opts: ListOptions = {}): Promise<SessionInvoicesPage> {
    return this.ctx.authed((bearer) => this.ctx.http.json<SessionInvoicesPage>({
      method: 'GET',
      path: `/sessions/${ref}/invoices${failedOnly ? '/failed' : ''}`,
      query: { pageSize: opts.pageSize },
      headers: continuationToken ? { 'x-continuation-token': continuationToken } : undefined,
      bearer, retry: 'safe', signal: opts.signal,
    }), opts.signal);
  }

  /** `GET /sessions` (PROTOCOL.md §6.7): sessions of the context, e.g. to find ones a crash left open. */
  sessions(query: SessionListQuery, continuationToken?: string, signal?: AbortSignal): Promise<SessionListPage> {
    return this.ctx.authed((bearer) => this.ctx.http.json<SessionListPage>({
      method: 'GET', path: '/sessions', query: { ...query }, bearer, retry: 'safe', signal,
      headers: continuationToken ? { 'x-continuation-token': continuationToken } : undefined,
    }), signal);
  }

  invoice(ref: string, invoiceRef: string, signal?: AbortSignal): Promise<SessionInvoiceStatus> {
    return this.get<SessionInvoiceStatus>(`/sessions/${ref}/invoices/${invoiceRef}`, signal);
  }

  /** Finds an invoice of a session by the hash of the bytes sent (resolves an unknown outcome). */
  async findByHash(ref: string, invoiceHash: string, signal?: AbortSignal): Promise<SessionInvoiceStatus | undefined> {
    let token: string | undefined;
    do {
      const page = await this.list(ref, false, token, { pageSize: 1000, signal });
      const hit = page.invoices.find((i) => i.invoiceHash === invoiceHash);
      if (hit) return hit;
      token = page.continuationToken ?? undefined;
    } while (token);
    return undefined;
  }

  /** Per-invoice UPO: the pre-signed `upoDownloadUrl` first (DECISIONS.md 11), else the UPO endpoints. */
  async invoiceUpo(ref: string, inv: { invoiceReferenceNumber?: string; ksefNumber?: string | null; upoDownloadUrl?: string | null }, signal?: AbortSignal): Promise<KsefDocument> {
    if (inv.upoDownloadUrl) {
      try {
        return toDocument(await this.ctx.http.send({ method: 'GET', path: inv.upoDownloadUrl, rateLimitGroup: 'none', retry: 'safe', signal }));
      } catch (err) {
        if (!KsefApiError.isApi(err) || (!inv.ksefNumber && !inv.invoiceReferenceNumber)) throw err;
        this.ctx.logger.warn({ httpStatus: err.httpStatus }, 'UPO download URL failed, using the UPO endpoint');
      }
    }
    const path = inv.ksefNumber
      ? `/sessions/${ref}/invoices/ksef/${inv.ksefNumber}/upo`
      : inv.invoiceReferenceNumber ? `/sessions/${ref}/invoices/${inv.invoiceReferenceNumber}/upo` : undefined;
    if (!path) throw new GatewayError('GW_KSEF_UPO_WHICH', 'system', 'getInvoiceUpo needs a KSeF number, an invoice reference or a download URL');
    return toDocument(await this.ctx.authed((bearer) => this.ctx.http.send({ method: 'GET', path, bearer, retry: 'safe', headers: { accept: 'application/xml' }, signal }), signal));
  }

  async sessionUpo(ref: string, upoRef: string, opts: { downloadUrl?: string; signal?: AbortSignal } = {}): Promise<KsefDocument> {
    if (opts.downloadUrl) {
      try {
        return toDocument(await this.ctx.http.send({ method: 'GET', path: opts.downloadUrl, rateLimitGroup: 'none', retry: 'safe', signal: opts.signal }));
      } catch (err) {
        if (!KsefApiError.isApi(err)) throw err;
      }
    }
    return toDocument(await this.ctx.authed((bearer) => this.ctx.http.send({
      method: 'GET', path: `/sessions/${ref}/upo/${upoRef}`, bearer, retry: 'safe', headers: { accept: 'application/xml' }, signal: opts.signal,
    }), opts.signal));
  }

  private get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.ctx.authed((bearer) => this.ctx.http.json<T>({ method: 'GET', path, bearer, retry: 'safe', signal }), signal);
  }
}

/** Exact bytes (DECISIONS.md 10); a body that does not match its own `x-ms-meta-hash` is a broken transfer. */
export function toDocument(res: KsefResponse): KsefDocument {
  const metaHash = res.headers['x-ms-meta-hash'];
  if (metaHash && sha256Base64(res.bytes) !== metaHash) {
    throw new GatewayError('GW_KSEF_HASH_MISMATCH', 'transient', 'Downloaded document does not match its x-ms-meta-hash');
  }
  return metaHash ? { bytes: res.bytes, metaHash } : { bytes: res.bytes };
}
