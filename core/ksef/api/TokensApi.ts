import type { GenerateTokenRequest, GeneratedToken, TokenInfo, TokenListFilters, TokenListPage } from '../types/tokens.js';
import type { ApiContext } from './ApiContext.js';
import { guardOutcome } from './outcomeUnknown.js';

/** KSeF token management (PROTOCOL.md §5). */
export class TokensApi {
  constructor(private readonly ctx: ApiContext) {}

  generate(req: GenerateTokenRequest, signal?: AbortSignal): Promise<GeneratedToken> {
    return guardOutcome({ operation: 'generateToken' }, () => this.ctx.authed((bearer) => this.ctx.http.json<GeneratedToken>({
      method: 'POST', path: '/tokens', bearer, json: { permissions: req.permissions, description: req.description }, retry: 'unsafe', signal,
    }), signal));
  }

  list(filters: TokenListFilters = {}, continuationToken?: string, signal?: AbortSignal): Promise<TokenListPage> {
    return this.ctx.authed((bearer) => this.ctx.http.json<TokenListPage>({
      method: 'GET',
      path: '/tokens',
      query: {
        status: filters.status, description: filters.description, authorIdentifier: filters.authorIdentifier,
        authorIdentifierType: filters.authorIdentifierType, pageSize: filters.pageSize,
      },
      headers: continuationToken ? { 'x-continuation-token': continuationToken } : undefined,
      bearer, retry: 'safe', signal,
    }), signal);
  }

  get(ref: string, signal?: AbortSignal): Promise<TokenInfo> {
    return this.ctx.authed((bearer) => this.ctx.http.json<TokenInfo>({ method: 'GET', path: `/tokens/${ref}`, bearer, retry: 'safe', signal }), signal);
  }

  /** DELETE is idempotent: repeating a revoke cannot revoke anything else. */
  async revoke(ref: string, signal?: AbortSignal): Promise<void> {
    await this.ctx.authed((bearer) => this.ctx.http.send({ method: 'DELETE', path: `/tokens/${ref}`, bearer, retry: 'safe', signal }), signal);
  }
}
