import type { InvoiceMetadataPage, InvoiceQueryFilters, InvoiceQueryPage } from '../types/invoices.js';
import type { ContextLimits, EffectiveRateLimits } from '../types/limits.js';
import type { KsefDocument } from '../types/sessions.js';
import type { ApiContext } from './ApiContext.js';
import { toDocument } from './SessionStatusApi.js';

/** Invoice download and metadata query (PROTOCOL.md §8), and the limits of the context (§10). */
export class InvoicesApi {
  constructor(private readonly ctx: ApiContext) {}

  async get(ksefNumber: string, signal?: AbortSignal): Promise<KsefDocument> {
    return toDocument(await this.ctx.authed((bearer) => this.ctx.http.send({
      method: 'GET', path: `/invoices/ksef/${ksefNumber}`, bearer, headers: { accept: 'application/xml' }, retry: 'safe', signal,
    }), signal));
  }

  queryMetadata(filters: InvoiceQueryFilters, page: InvoiceQueryPage = {}, signal?: AbortSignal): Promise<InvoiceMetadataPage> {
    return this.ctx.authed((bearer) => this.ctx.http.json<InvoiceMetadataPage>({
      method: 'POST', path: '/invoices/query/metadata', bearer, json: filters,
      query: { pageOffset: page.pageOffset, pageSize: page.pageSize, sortOrder: page.sortOrder },
      retry: 'safe', signal,
    }), signal);
  }

  rateLimits(signal?: AbortSignal): Promise<EffectiveRateLimits> {
    return this.ctx.authed((bearer) => this.ctx.http.json<EffectiveRateLimits>({ method: 'GET', path: '/rate-limits', bearer, retry: 'safe', signal }), signal);
  }

  contextLimits(signal?: AbortSignal): Promise<ContextLimits> {
    return this.ctx.authed((bearer) => this.ctx.http.json<ContextLimits>({ method: 'GET', path: '/limits/context', bearer, retry: 'safe', signal }), signal);
  }
}
