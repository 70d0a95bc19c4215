import { inspect } from 'node:util';
import type { AuthContext, AuthMethod, AuthStartResult } from '../AuthMethod.js';
import { buildAuthTokenRequest, type AuthTokenRequestInput, type SubjectIdentifierType } from './buildAuthTokenRequest.js';
import type { XmlSigner } from './XmlSigner.js';

export interface XadesAuthOptions {
  readonly subjectIdentifierType?: SubjectIdentifierType;
  readonly allowedIps?: AuthTokenRequestInput['allowedIps'];
  /** Ask a test environment to check the chain and OCSP/CRL even though it accepts self-signed certificates. */
  readonly verifyCertificateChain?: boolean;
}

/**
 * Certificate authentication (PROTOCOL.md §4.4): the AuthTokenRequest for this challenge and context,
 * signed XAdES enveloped by the signer, sent to `POST /auth/xades-signature`. Polling and redeeming stay
 * in the client, as for tokens.
 */
export class XadesAuth implements AuthMethod {
  readonly kind = 'certificate' as const;
  readonly #signer: XmlSigner;
  readonly #options: XadesAuthOptions;

  constructor(signer: XmlSigner, options: XadesAuthOptions = {}) {
    this.#signer = signer;
    this.#options = options;
  }

  async start(ctx: AuthContext): Promise<AuthStartResult> {
    const unsigned = buildAuthTokenRequest({
      challenge: ctx.challenge.challenge,
      contextIdentifier: ctx.contextIdentifier,
      subjectIdentifierType: this.#options.subjectIdentifierType ?? 'certificateSubject',
      allowedIps: this.#options.allowedIps,
    });
    const signed = await this.#signer.signEnveloped(unsigned);
    return ctx.http.json<AuthStartResult>({
      method: 'POST',
      path: '/auth/xades-signature',
      query: this.#options.verifyCertificateChain === undefined ? undefined : { verifyCertificateChain: this.#options.verifyCertificateChain },
      body: signed,
      contentType: 'application/xml',
      rateLimitGroup: 'public',
      // Never repeated with the same challenge (a replay ends in 450): AuthSession starts again with a new one.
      retry: 'unsafe',
      signal: ctx.signal,
    });
  }

  toJSON(): Record<string, unknown> {
    return { kind: this.kind, signer: '[private]' };
  }

  [inspect.custom](): string {
    return 'XadesAuth { kind: certificate }';
  }
}
