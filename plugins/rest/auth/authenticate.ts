import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/problems.js';
import type { ApiKeyInfo, ApiKeys } from './ApiKeys.js';

/**
 * Every route needs `Authorization: Bearer <key>` unless its config says `auth: false`; a `write` route also needs a
 * write key. Runs on onRequest, before the body is read, so an unauthenticated client cannot make us parse 3 MB.
 */
export function installAuthentication(app: FastifyInstance, keys: ApiKeys): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config?.auth === false || !request.routeOptions.url) return;
    const header = request.headers.authorization;
    const presented = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : undefined;
    const key = presented ? await keys.verify(presented) : undefined;
    if (!key) {
      throw new HttpProblem('GW_REST_UNAUTHENTICATED', presented ? 'The API key is unknown or revoked' : 'Send the API key as Authorization: Bearer <key>',
        { headers: { 'www-authenticate': 'Bearer realm="ksef-gateway"' } });
    }
    request.apiKey = key;
    if (config?.scope === 'write' && key.scope !== 'write') {
      throw new HttpProblem('GW_REST_FORBIDDEN', `API key ${key.id} is read-only`);
    }
  });
}

export function apiKeyOf(request: FastifyRequest): ApiKeyInfo {
  if (!request.apiKey) throw new HttpProblem('GW_REST_UNAUTHENTICATED', 'Send the API key as Authorization: Bearer <key>');
  return request.apiKey;
}

/** The tenant prefix of ERP ids: the REST plugin stores `<NIP>/<erpId>`, so one context's ids never meet another's. */
export const erpIdPrefix = (nip: string): string => `${nip}/`;

/** The context of a stored ERP id, when the key may see it; undefined otherwise (the caller answers 404). */
export function visibleContext(key: ApiKeyInfo, storedErpId: string): string | undefined {
  const nip = storedErpId.slice(0, storedErpId.indexOf('/'));
  return key.contexts.includes(nip) ? nip : undefined;
}
