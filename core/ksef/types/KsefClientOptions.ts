import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { AuthMethod } from '../auth/AuthMethod.js';
import type { RateLimitStore } from '../rateLimit/RateLimitStore.js';
import type { ContextIdentifier } from './ContextIdentifier.js';
import type { KsefEnvironment } from './KsefEnvironment.js';
import type { EffectiveRateLimits } from './limits.js';

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

interface CommonOptions {
  /** The context to authenticate in; `contextNip` is the short form of `{ type: 'Nip', value }`. */
  readonly contextNip?: string;
  readonly contextIdentifier?: ContextIdentifier;
  readonly auth: AuthMethod;
  readonly logger?: Logger;
  /** Shared counters when several instances use one context and IP; in-memory by default. */
  readonly rateLimitStore?: RateLimitStore;
  /** `'off'` disables client-side limiting (429s are still honoured); overrides merge over PROTOCOL.md §10.2. */
  readonly rateLimits?: 'default' | 'off' | EffectiveRateLimits;
  /**
   * Longest wait for rate-limit room before a request; a longer one throws KsefRateLimitedError instead (nothing is
   * sent). Default: wait as long as needed. The gateway's scheduler sets it low and plans around the limits.
   */
  readonly maxRateLimitWaitMs?: number;
  /**
   * Who shares the per-IP limit of KSeF's public endpoints (auth): the gateway's egress. Default: one per base URL,
   * so every context of a gateway counts against the same budget.
   */
  readonly egress?: string;
  /** undici dispatcher; default: `EnvHttpProxyAgent` (HTTPS_PROXY/NO_PROXY) with keep-alive. */
  readonly dispatcher?: Dispatcher;
  readonly retry?: Partial<RetryPolicy>;
  /** Per-request timeout; default 60 s (uploads get more per MB). */
  readonly requestTimeoutMs?: number;
  /** Interval of `GET /auth/{ref}` polling; default 1 s. */
  readonly authPollIntervalMs?: number;
  /** Give up auth polling after this long; default 2 min. */
  readonly authTimeoutMs?: number;
  /** Refresh the access token this long before it expires; default 60 s. */
  readonly refreshSkewMs?: number;
  readonly now?: () => number;
}

export type KsefClientOptions = CommonOptions &
  ({ readonly baseUrl: string; readonly environment?: never } | { readonly environment: KsefEnvironment; readonly baseUrl?: never });
