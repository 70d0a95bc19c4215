import type { FastifyInstance } from 'fastify';
import { apiKeyOf } from '../auth/authenticate.js';
import { HttpProblem } from '../http/problems.js';
import { problemResponses } from '../invoices/schemas.js';
import type { PurchaseRecords } from './PurchaseRecords.js';

const KSEF_NUMBER = '^[0-9A-Za-z-]{1,64}$';
const numberParams = { type: 'object', required: ['ksefNumber'], properties: { ksefNumber: { type: 'string', pattern: KSEF_NUMBER } } } as const;

/**
 * Reading purchase invoices (those KSeF holds for the key's contexts, received through `receive`): a list in reception
 * order with cursor pages, one invoice's metadata, and its XML byte for byte. Another context's invoice answers 404.
 */
export function purchaseRoutes(app: FastifyInstance, purchases: PurchaseRecords): void {
  const visible = async (contexts: readonly string[], ksefNumber: string) => {
    const found = await purchases.get(contexts, ksefNumber);
    if (!found) throw new HttpProblem('GW_REST_NOT_FOUND', `No purchase invoice ${ksefNumber}`);
    return found;
  };

  app.get('/v1/purchases', {
    schema: {
      summary: 'Received (purchase) invoices, oldest received first; follow `next` for the next page', tags: ['purchases'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          context: { type: 'string', pattern: '^\\d{10}$' },
          from: { type: 'string', format: 'date-time', description: 'received at or after' },
          to: { type: 'string', format: 'date-time', description: 'received before' },
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          cursor: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,300}$' },
        },
      },
      response: {
        200: { type: 'object', properties: { items: { type: 'array', items: { $ref: 'Purchase#' } }, next: { type: 'string' } } },
        ...problemResponses(400, 401, 403, 422),
      },
    },
  }, async (request) => {
    const key = apiKeyOf(request);
    const q = request.query as { context?: string; from?: string; to?: string; limit: number; cursor?: string };
    if (q.context !== undefined && !key.contexts.includes(q.context)) {
      throw new HttpProblem('GW_REST_CONTEXT_FORBIDDEN', `API key ${key.id} may not read context ${q.context}`);
    }
    // Reception times are stored as ISO UTC; the bounds are compared as such.
    const iso = (s?: string) => (s === undefined ? undefined : new Date(s).toISOString());
    return purchases.page({ contexts: q.context !== undefined ? [q.context] : key.contexts, from: iso(q.from), to: iso(q.to), limit: q.limit, cursor: q.cursor });
  });

  app.get('/v1/purchases/:ksefNumber', {
    schema: { summary: "One purchase invoice: KSeF number, seller, dates, hash and KSeF's metadata", tags: ['purchases'], params: numberParams,
      response: { 200: { $ref: 'Purchase#' }, ...problemResponses(401, 404) } },
  }, async (request) => (await visible(apiKeyOf(request).contexts, (request.params as { ksefNumber: string }).ksefNumber)).view);

  const what = 'The FA(3) XML, byte for byte as KSeF returned it';
  app.get('/v1/purchases/:ksefNumber/xml', {
    schema: { summary: what, tags: ['purchases'], params: numberParams,
      response: { 200: { description: what, content: { 'application/xml': { schema: { type: 'string' } } } }, ...problemResponses(401, 404) } },
  }, async (request, reply) => {
    const found = await visible(apiKeyOf(request).contexts, (request.params as { ksefNumber: string }).ksefNumber);
    return reply.type('application/xml').send(Buffer.from(found.xml, 'utf8'));
  });
}
