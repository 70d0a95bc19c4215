import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DocumentState, DocumentView, PluginContext } from '../../../core/plugin-api/index.js';
import { apiKeyOf, erpIdPrefix, visibleContext } from '../auth/authenticate.js';
import { HttpProblem } from '../http/problems.js';
import type { RestOptions } from '../RestOptions.js';
import { problemResponses } from './schemas.js';
import { toInvoiceView } from './toInvoiceView.js';

const STATES: DocumentState[] = ['received', 'invalid', 'queued', 'sending', 'sent', 'accepted', 'rejected', 'delivered'];
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;

/** Re-announces a delivered document's outcome (webhooks) when its delivery is retried by hand. */

/**
 * Reading invoices: one by id (with its UPO and XML byte for byte), a filtered list with cursor pagination, and a
 * redelivery of an outcome. A document of a context the key does not cover answers 404, exactly as a missing one.
 */
export function documentRoutes(app: FastifyInstance, ctx: PluginContext<RestOptions>): void {
  const visible = async (request: FastifyRequest): Promise<DocumentView> => {
    const { id } = request.params as { id: string };
    const doc = await ctx.queries.document(id);
    if (!doc || !visibleContext(apiKeyOf(request), doc.erpId)) throw new HttpProblem('GW_REST_NOT_FOUND', `No invoice ${id}`);
    request.documentId = doc.documentId;
    return doc;
  };

  app.get('/v1/invoices/:id', {
    schema: { summary: 'One invoice: state, KSeF number, errors, verification link', tags: ['invoices'], params: idParams,
      response: { 200: { $ref: 'Invoice#' }, ...problemResponses(401, 404) } },
  }, async (request) => toInvoiceView(await visible(request)));

  for (const [suffix, what] of [['upo', 'The UPO, byte for byte as KSeF issued it'], ['xml', 'The FA(3) XML stored for sending']] as const) {
    app.get(`/v1/invoices/:id/${suffix}`, {
      schema: { summary: what, tags: ['invoices'], params: idParams,
        response: { 200: { description: what, content: { 'application/xml': { schema: { type: 'string' } } } }, ...problemResponses(401, 404) } },
    }, async (request, reply) => {
      const doc = await visible(request);
      const bytes = suffix === 'upo' ? await ctx.queries.upo(doc.documentId) : await ctx.queries.xml(doc.documentId);
      if (!bytes) {
        throw new HttpProblem(suffix === 'upo' ? 'GW_REST_UPO_NOT_AVAILABLE' : 'GW_REST_NOT_FOUND', `Invoice ${doc.documentId} has no ${suffix.toUpperCase()} (state ${doc.state})`);
      }
      return reply.type('application/xml').send(bytes);
    });
  }

  app.get('/v1/invoices', {
    schema: {
      summary: 'Invoices, newest first, filtered; follow `next` for the next page', tags: ['invoices'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          state: { type: 'array', items: { type: 'string', enum: STATES }, description: 'repeat for several' },
          context: { type: 'string', pattern: '^\\d{10}$' },
          erpId: { type: 'string', minLength: 1 },
          from: { type: 'string', format: 'date-time', description: 'received at or after' },
          to: { type: 'string', format: 'date-time', description: 'received before' },
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          cursor: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,200}$' },
        },
      },
      response: {
        200: { type: 'object', properties: { items: { type: 'array', items: { $ref: 'Invoice#' } }, next: { type: 'string' } } },
        ...problemResponses(400, 401, 403, 422),
      },
    },
  }, async (request) => {
    const key = apiKeyOf(request);
    const q = request.query as { state?: DocumentState[]; context?: string; erpId?: string; from?: string; to?: string; limit: number; cursor?: string };
    if (q.context !== undefined && !key.contexts.includes(q.context)) {
      throw new HttpProblem('GW_REST_CONTEXT_FORBIDDEN', `API key ${key.id} may not read context ${q.context}`);
    }
    const contexts = q.context !== undefined ? [q.context] : key.contexts;
    const filter = { states: q.state, from: q.from, to: q.to };
    if (q.erpId !== undefined) {
      // An ERP id is unique per context: at most one document in each, no further pages.
      const found = await Promise.all(contexts.map((c) => ctx.queries.documents({ ...filter, erpId: `${erpIdPrefix(c)}${q.erpId}`, limit: 1 })));
      return { items: found.flatMap((p) => p.items).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(toInvoiceView) };
    }
    const page = await ctx.queries.documents({ ...filter, erpIdPrefixes: contexts.map(erpIdPrefix), limit: q.limit, cursor: q.cursor });
    return { items: page.items.map(toInvoiceView), ...(page.next ? { next: page.next } : {}) };
  });

  app.post('/v1/invoices/:id/retry-delivery', {
    config: { scope: 'write' },
    schema: { summary: "Deliver the invoice's outcome again (webhooks)", tags: ['invoices'], params: idParams,
      response: { 202: { $ref: 'Invoice#' }, ...problemResponses(401, 403, 404, 409) } },
  }, async (request, reply) => {
    const doc = await visible(request);
    const result = await ctx.queries.retryDelivery(doc.documentId);
    if (result === 'unknown') throw new HttpProblem('GW_REST_NOT_FOUND', `No invoice ${doc.documentId}`);
    if (result === 'not-final') throw new HttpProblem('GW_REST_NOT_FINAL', `Invoice ${doc.documentId} is ${doc.state}: it has no outcome to deliver yet`);
    return reply.code(202).send(toInvoiceView(doc));
  });
}
