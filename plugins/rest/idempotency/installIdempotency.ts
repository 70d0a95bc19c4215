import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiKeyOf } from '../auth/authenticate.js';
import { HttpProblem } from '../http/problems.js';
import { Idempotency } from './Idempotency.js';

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The Idempotency-Key protocol on POST routes: a preHandler claims the key (or replays, refuses, waits), and onSend
 * keeps the answer. Answers of 5xx and 429 are not kept: the key stays free for the client's retry.
 */
export function installIdempotency(app: FastifyInstance, idempotency: Idempotency): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers['idempotency-key'];
    if (request.method !== 'POST' || header === undefined) return;
    const value = Array.isArray(header) ? header[0] : header;
    if (!KEY.test(value)) {
      throw new HttpProblem('GW_REST_BAD_REQUEST', 'Idempotency-Key must be 1-255 visible ASCII characters',
        { errors: [{ code: 'GW_REST_BAD_IDEMPOTENCY_KEY', message: 'invalid Idempotency-Key', pointer: '/headers/idempotency-key' }] });
    }
    const key = apiKeyOf(request);
    const fingerprint = Idempotency.fingerprint(request.method, request.url, String(request.headers['content-type'] ?? ''), request.rawBody ?? '');
    const claim = await idempotency.claim(key.id, value, fingerprint);
    if (claim.kind === 'mismatch') {
      throw new HttpProblem('GW_REST_IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${value} was used with a different request`);
    }
    if (claim.kind === 'in-progress') {
      throw new HttpProblem('GW_REST_IDEMPOTENCY_IN_PROGRESS', `The first request with Idempotency-Key ${value} has not answered yet`,
        { headers: { 'retry-after': '1' } });
    }
    if (claim.kind === 'replay') {
      const r = claim.response;
      if (r.location) reply.header('location', r.location);
      return reply.code(r.status).header('idempotent-replayed', 'true').type(r.contentType).send(r.body);
    }
    request.idempotency = { key: claim.key, fingerprint, startedAt: Date.now() };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotency;
    if (!held) return payload;
    request.idempotency = undefined;
    if (reply.statusCode >= 500 || reply.statusCode === 429 || typeof payload !== 'string') {
      await idempotency.release(held.key);
      return payload;
    }
    const location = reply.getHeader('location');
    await idempotency.complete(held.key, held.fingerprint, held.startedAt, {
      status: reply.statusCode, contentType: String(reply.getHeader('content-type') ?? 'application/json'), body: payload,
      ...(typeof location === 'string' ? { location } : {}),
    });
    return payload;
  });
}
