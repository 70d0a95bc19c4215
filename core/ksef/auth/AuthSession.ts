import type { Logger } from 'pino';
import { KsefApiError } from '../errors/KsefApiError.js';
import { KsefAuthError } from '../errors/KsefAuthError.js';
import type { KsefHttp } from '../http/KsefHttp.js';
import type { PublicKeyProvider } from '../crypto/PublicKeyProvider.js';
import type { ContextIdentifier } from '../types/ContextIdentifier.js';
import type { StatusInfo } from '../types/StatusInfo.js';
import { backoffDelay } from '../http/backoff.js';
import { sleep } from '../http/sleep.js';
import type { RetryPolicy } from '../types/KsefClientOptions.js';
import type { AuthChallenge, AuthMethod } from './AuthMethod.js';

interface Jwt { readonly token: string; readonly validUntil: string }

export interface AuthSessionOptions {
  readonly http: KsefHttp;
  readonly method: AuthMethod;
  readonly publicKeys: PublicKeyProvider;
  readonly context: ContextIdentifier;
  readonly logger: Logger;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  readonly refreshSkewMs: number;
  readonly now: () => number;
  /** How often and how patiently a start whose answer was lost is tried again, each time with a new challenge. */
  readonly retry: RetryPolicy;
}

/**
 * Holds the access and refresh tokens (PROTOCOL.md §4): authenticates lazily, refreshes the access token
 * before it expires, and authenticates again when the refresh fails. Concurrent callers share one attempt.
 * The JWTs are kept in ES private fields and never logged.
 */
export class AuthSession {
  #access?: Jwt;
  #refresh?: Jwt;
  private pending?: Promise<string>;

  constructor(private readonly o: AuthSessionOptions) {}

  /** A valid access token, authenticating or refreshing when needed. */
  accessToken(signal?: AbortSignal): Promise<string> {
    if (this.#access && Date.parse(this.#access.validUntil) - this.o.refreshSkewMs > this.o.now()) {
      return Promise.resolve(this.#access.token);
    }
    this.pending ??= this.obtain(signal).finally(() => { this.pending = undefined; });
    return this.pending;
  }

  /** After a 401: the access token is no longer accepted. */
  invalidateAccess(): void {
    this.#access = undefined;
  }

  /** The refresh token, for `DELETE /auth/sessions/current`. */
  refreshTokenValue(): string | undefined {
    return this.#refresh?.token;
  }

  forget(): void {
    this.#access = undefined;
    this.#refresh = undefined;
  }

  async authenticate(signal?: AbortSignal): Promise<string> {
    const start = await this.startWithFreshKeys(signal);
    const ref = start.referenceNumber;
    const opToken = start.authenticationToken.token;
    const deadline = this.o.now() + this.o.timeoutMs;
    let status: StatusInfo;
    for (;;) {
      const res = await this.o.http.json<{ status: StatusInfo }>({ method: 'GET', path: `/auth/${ref}`, bearer: opToken, retry: 'safe', signal });
      status = res.status;
      if (status.code !== 100 || this.o.now() >= deadline) break;
      await sleep(this.o.pollIntervalMs, signal);
    }
    if (status.code !== 200) throw new KsefAuthError(ref, status);
    const tokens = await this.o.http.json<{ accessToken: Jwt; refreshToken: Jwt }>({
      method: 'POST', path: '/auth/token/redeem', bearer: opToken, retry: 'unsafe', signal,
    });
    this.#access = tokens.accessToken;
    this.#refresh = tokens.refreshToken;
    this.o.logger.info({ authReferenceNumber: ref, method: this.o.method.kind, validUntil: tokens.accessToken.validUntil }, 'authenticated to KSeF');
    return tokens.accessToken.token;
  }

  private async obtain(signal?: AbortSignal): Promise<string> {
    const refresh = this.#refresh;
    if (refresh && Date.parse(refresh.validUntil) - this.o.refreshSkewMs > this.o.now()) {
      try {
        const res = await this.o.http.json<{ accessToken: Jwt }>({ method: 'POST', path: '/auth/token/refresh', bearer: refresh.token, retry: 'safe', signal });
        this.#access = res.accessToken;
        this.o.logger.debug({ validUntil: res.accessToken.validUntil }, 'KSeF access token refreshed');
        return res.accessToken.token;
      } catch (err) {
        if (!KsefApiError.isApi(err) || err.kind === 'transient') throw err;
        this.o.logger.info({ httpStatus: err.httpStatus, exceptionCodes: err.exceptionCodes.map((c) => c.code) }, 'KSeF refresh refused, authenticating again');
        this.#refresh = undefined;
      }
    }
    return this.authenticate(signal);
  }

  /**
   * A challenge is single-use: a start sent again with it (after a 5xx, a dropped connection or a lost answer) is
   * accepted, then ends in status 450 "Nieprawidłowe wyzwanie autoryzacyjne", which reads as a refused token and
   * would pause the context. So the start is never repeated as it was: each try fetches a new challenge. A 21470
   * means the key we used was withdrawn: fetch the keys again and start over once.
   */
  private async startWithFreshKeys(signal?: AbortSignal) {
    let keysRenewed = false;
    for (let attempt = 0; ; attempt++) {
      const challenge = await this.o.http.json<AuthChallenge>({ method: 'POST', path: '/auth/challenge', retry: 'safe', signal });
      try {
        return await this.o.method.start({ challenge, contextIdentifier: this.o.context, http: this.o.http, publicKeys: this.o.publicKeys, signal });
      } catch (err) {
        if (!KsefApiError.isApi(err)) throw err;
        if (err.hasCode(21470) && !keysRenewed) {
          keysRenewed = true;
          this.o.publicKeys.invalidate();
          continue;
        }
        const unanswered = err.httpStatus === 0 || err.httpStatus >= 500;
        if (!unanswered || attempt + 1 >= this.o.retry.maxAttempts || signal?.aborted) throw err;
        const delay = backoffDelay(attempt, this.o.retry.baseDelayMs, this.o.retry.maxDelayMs);
        this.o.logger.warn({ httpStatus: err.httpStatus, attempt: attempt + 1, delayMs: delay }, 'KSeF authentication start got no answer, starting again with a new challenge');
        await sleep(delay, signal);
      }
    }
  }
}
