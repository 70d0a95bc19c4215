import type { FastifyInstance } from 'fastify';
import { apiKeyOf } from '../auth/authenticate.js';
import { HttpProblem } from '../http/problems.js';
import { problemResponses } from '../invoices/schemas.js';
import { privateTargetProblem } from './receiverAddress.js';
import type { WebhookOutbox } from './WebhookOutbox.js';
import { WEBHOOK_EVENTS, viewOf, type WebhookEvent, type WebhookSubscriptions } from './WebhookSubscriptions.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^wh_([0-9a-f]{16}|cfg_[a-z0-9][a-z0-9-]{0,39})$' } } } as const;
const subscription = {
  type: 'object',
  properties: {
    id: { type: 'string' }, url: { type: 'string' }, events: { type: 'array', items: { type: 'string' } },
    source: { type: 'string', enum: ['api', 'config'], description: 'created with POST /v1/webhooks, or kept in the config file (read-only here)' },
    contexts: { type: 'array', items: { type: 'string' } }, createdAt: { type: 'string' }, secretRotatedAt: { type: 'string' },
    secret: { type: 'string', description: 'shown only when created or rotated' },
  },
} as const;

/** Subscriptions of the caller's API key: create (secret shown once), list, delete, rotate, deliveries, redeliver. */
export function webhookRoutes(app: FastifyInstance, subs: WebhookSubscriptions, outbox: WebhookOutbox, allowPrivateTargets: boolean): void {
  const own = async (key: { id: string; contexts: readonly string[] }, id: string) => {
    const sub = await subs.get(key, id);
    if (!sub) throw new HttpProblem('GW_REST_NOT_FOUND', `No webhook ${id}`);
    return sub;
  };
  /** 404 for what the key cannot see; 409 for a config subscription, which only the config file changes. */
  const notChangeable = async (key: { id: string; contexts: readonly string[] }, id: string): Promise<never> => {
    if ((await subs.get(key, id))?.source === 'config') {
      throw new HttpProblem('GW_REST_WEBHOOK_IN_CONFIG', `Webhook ${id} is defined in the gateway's config file; change it there`);
    }
    throw new HttpProblem('GW_REST_NOT_FOUND', `No webhook ${id}`);
  };

  app.post('/v1/webhooks', {
    config: { scope: 'write' },
    schema: {
      summary: 'Subscribe a URL to events; the signing secret is in this answer only', tags: ['webhooks'],
      body: {
        type: 'object', required: ['url', 'events'], additionalProperties: false,
        properties: {
          url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
          events: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
        },
      },
      response: { 201: subscription, ...problemResponses(401, 403, 422) },
    },
  }, async (request, reply) => {
    const body = request.body as { url: string; events: WebhookEvent[] };
    const refused = allowPrivateTargets || !URL.canParse(body.url) ? undefined : privateTargetProblem(body.url);
    if (refused) {
      throw new HttpProblem('GW_REST_INVALID_REQUEST', `Webhook receivers must be on public addresses here: ${refused}`,
        { errors: [{ code: 'GW_REST_PRIVATE_TARGET', message: `${refused}; this gateway does not send webhooks to private or loopback addresses`, pointer: '/url' }] });
    }
    const { view, secret } = await subs.create(apiKeyOf(request), body.url, body.events);
    return reply.code(201).header('location', `/v1/webhooks/${view.id}`).send({ ...view, secret });
  });

  app.get('/v1/webhooks', {
    schema: { summary: "The API key's subscriptions (without secrets)", tags: ['webhooks'],
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: subscription } } }, ...problemResponses(401) } },
  }, async (request) => ({ items: (await subs.list(apiKeyOf(request))).map(viewOf) }));

  app.delete('/v1/webhooks/:id', {
    config: { scope: 'write' },
    schema: { summary: 'Unsubscribe', tags: ['webhooks'], params: idParams, response: { 204: { type: 'null' }, ...problemResponses(401, 403, 404, 409) } },
  }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await subs.remove(apiKeyOf(request).id, id))) await notChangeable(apiKeyOf(request), id);
    return reply.code(204).send();
  });

  app.post('/v1/webhooks/:id/rotate-secret', {
    config: { scope: 'write' },
    schema: { summary: 'A new signing secret (shown once); the old one keeps signing for the overlap window', tags: ['webhooks'],
      params: idParams, response: { 200: subscription, ...problemResponses(401, 403, 404, 409) } },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const rotated = await subs.rotate(apiKeyOf(request).id, id) ?? await notChangeable(apiKeyOf(request), id);
    return { ...rotated.view, secret: rotated.secret };
  });

  app.get('/v1/webhooks/:id/deliveries', {
    schema: {
      summary: 'Messages of a subscription and how their delivery went', tags: ['webhooks'], params: idParams,
      querystring: { type: 'object', additionalProperties: false, properties: { state: { type: 'string', enum: ['pending', 'delivered', 'failed'] } } },
      response: { 200: { type: 'object', additionalProperties: true }, ...problemResponses(401, 404) },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    await own(apiKeyOf(request), id);
    const state = (request.query as { state?: 'pending' | 'delivered' | 'failed' }).state;
    const items = (await outbox.list(id, state)).map((m) => ({
      webhookId: m.id, type: m.type, state: m.state, attempts: m.attempts, createdAt: new Date(m.createdAt).toISOString(),
      ...(m.lastAttemptAt ? { lastAttemptAt: new Date(m.lastAttemptAt).toISOString() } : {}), lastStatus: m.lastStatus, lastError: m.lastError,
    }));
    return { items };
  });

  app.post('/v1/webhooks/:id/redeliver', {
    config: { scope: 'write' },
    schema: {
      summary: 'Send the failed messages again (or one message, by webhookId)', tags: ['webhooks'], params: idParams,
      body: { type: 'object', additionalProperties: false, properties: { webhookId: { type: 'string' } } },
      response: { 202: { type: 'object', properties: { redelivering: { type: 'integer' } } }, ...problemResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: string };
    await own(apiKeyOf(request), id);
    const count = await outbox.redeliver(id, (request.body as { webhookId?: string } | undefined)?.webhookId);
    return reply.code(202).send({ redelivering: count });
  });
}
