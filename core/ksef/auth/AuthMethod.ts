import type { ContextIdentifier } from '../types/ContextIdentifier.js';
import type { KsefHttp } from '../http/KsefHttp.js';
import type { PublicKeyProvider } from '../crypto/PublicKeyProvider.js';

/** `POST /auth/challenge` answer (PROTOCOL.md §4.2). */
export interface AuthChallenge {
  readonly challenge: string;
  readonly timestamp: string;
  readonly timestampMs: number;
  readonly clientIp?: string;
}

export interface AuthContext {
  readonly challenge: AuthChallenge;
  readonly contextIdentifier: ContextIdentifier;
  /** Unauthenticated requests: do not set `bearer`. */
  readonly http: KsefHttp;
  readonly publicKeys: PublicKeyProvider;
  readonly signal?: AbortSignal;
}

/** KSeF's 202 answer to `/auth/ksef-token` and `/auth/xades-signature` (PROTOCOL.md §4.5). */
export interface AuthStartResult {
  readonly referenceNumber: string;
  readonly authenticationToken: { readonly token: string; readonly validUntil: string };
}

/**
 * One way of proving who we are. The client fetches the challenge, calls `start`, then polls
 * `GET /auth/{ref}`, redeems and refreshes; a method only submits its proof.
 * Implementations keep their secret private: never in errors, logs, `toJSON` or `util.inspect`.
 */
export interface AuthMethod {
  readonly kind: 'token' | 'certificate';
  start(ctx: AuthContext): Promise<AuthStartResult>;
}
