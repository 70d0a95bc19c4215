import type { ApiKeyInfo, ApiKeyScope } from '../auth/ApiKeys.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's API key, set by the authentication hook. */
    apiKey?: ApiKeyInfo;
    /** The body as received, for idempotency fingerprints. */
    rawBody?: Buffer;
    /** The document this request created or read, for the request log. */
    documentId?: string;
    /** Set when this request holds an Idempotency-Key and must store its answer. */
    idempotency?: { readonly key: string; readonly fingerprint: string; readonly startedAt: number };
  }
  interface FastifyContextConfig {
    /** false: no API key needed (docs, OpenAPI document). */
    auth?: boolean;
    /** The scope the route needs; default read. */
    scope?: ApiKeyScope;
  }
}

export {};
