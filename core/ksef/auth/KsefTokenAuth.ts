import { inspect } from 'node:util';
import { GatewayError } from '../../errors/GatewayError.js';
import { rsaOaepEncrypt } from '../crypto/rsaOaepEncrypt.js';
import type { AuthContext, AuthMethod, AuthStartResult } from './AuthMethod.js';

/**
 * KSeF-token authentication (PROTOCOL.md §4.3): RSA-OAEP-SHA256 of `token|timestampMs` with the
 * KsefTokenEncryption key. The token sits in an ES private field and is shown nowhere.
 */
export class KsefTokenAuth implements AuthMethod {
  readonly kind = 'token' as const;
  readonly #token: string;

  constructor(token: string) {
    if (typeof token !== 'string' || token.trim() === '') {
      throw new GatewayError('GW_KSEF_TOKEN_MISSING', 'config', 'KSeF token is empty');
    }
    this.#token = token.trim();
  }

  async start(ctx: AuthContext): Promise<AuthStartResult> {
    const key = await ctx.publicKeys.get('KsefTokenEncryption', ctx.signal);
    const plaintext = Buffer.from(`${this.#token}|${ctx.challenge.timestampMs}`, 'utf8');
    const encryptedToken = rsaOaepEncrypt(key.key, plaintext).toString('base64');
    plaintext.fill(0);
    return ctx.http.json<AuthStartResult>({
      method: 'POST',
      path: '/auth/ksef-token',
      json: { challenge: ctx.challenge.challenge, contextIdentifier: ctx.contextIdentifier, encryptedToken, publicKeyId: key.publicKeyId },
      rateLimitGroup: 'public',
      // Never repeated with the same challenge (a replay ends in 450): AuthSession starts again with a new one.
      retry: 'unsafe',
      signal: ctx.signal,
    });
  }

  toJSON(): Record<string, unknown> {
    return { kind: this.kind, token: '[redacted]' };
  }

  [inspect.custom](): string {
    return 'KsefTokenAuth { token: [redacted] }';
  }

  toString(): string {
    return '[KsefTokenAuth]';
  }
}
