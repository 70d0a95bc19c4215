import type { FastifyInstance } from 'fastify';
import type { ApiKeyInfo } from '../auth/ApiKeys.js';
import { apiKeyOf } from '../auth/authenticate.js';
import { HttpProblem, problemBody } from '../http/problems.js';
import type { RestOptions } from '../RestOptions.js';
import type { InvoiceIntake, IntakeResult } from './InvoiceIntake.js';
import { readJsonItem, readXmlBody, type JsonInvoiceItem } from './readInvoiceRequest.js';
import { problemResponses } from './schemas.js';
import { receiptView } from './toInvoiceView.js';

const XML_TYPES = /^(application|text)\/xml\b/i;

/** POST /v1/invoices (one invoice: JSON or XML by Content-Type) and POST /v1/invoices:batch (up to 1,000). */
export function invoiceRoutes(app: FastifyInstance, intake: InvoiceIntake, options: RestOptions): void {
  app.post('/v1/invoices', {
    config: { scope: 'write' },
    bodyLimit: options.limits.attachmentBytes + 64 * 1024,
    schema: {
      summary: 'Submit one invoice',
      description: 'A JSON body `{ erpId, urgent?, invoice | draft }`, or FA(3) XML (`Content-Type: application/xml`) with `?erpId=`. '
        + 'Answers 202 once the invoice is durably stored (200 when the ERP id was already known); 422 with every error located. '
        + '`?dryRun=true` checks without storing.',
      tags: ['invoices'],
      querystring: {
        type: 'object',
        properties: {
          dryRun: { type: 'boolean', default: false },
          erpId: { type: 'string', minLength: 1, maxLength: 200, description: 'XML bodies only' },
          urgent: { type: 'boolean', description: 'XML bodies only' },
        },
        additionalProperties: false,
      },
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255 } } },
      body: {
        content: {
          'application/json': { schema: { $ref: 'InvoiceRequest#' } },
          'application/xml': { schema: { type: 'string', description: 'FA(3) XML (UTF-8); `?erpId=` required' } },
          'text/xml': { schema: { type: 'string' } },
        },
      },
      response: {
        200: { description: 'already known (duplicate), or the dry-run report', type: 'object', additionalProperties: true },
        202: { description: 'stored durably; the gateway sends it', $ref: 'Invoice#' },
        ...problemResponses(401, 403, 409, 413, 415, 422, 429),
      },
    },
  }, async (request, reply) => {
    const key = apiKeyOf(request);
    const query = request.query as { dryRun?: boolean; erpId?: string; urgent?: boolean };
    const xml = XML_TYPES.test(String(request.headers['content-type'] ?? ''));
    if (!xml && (query.erpId !== undefined || query.urgent !== undefined)) {
      throw new HttpProblem('GW_REST_INVALID_REQUEST', 'erpId and urgent go in the JSON body; the query takes them only for XML bodies');
    }
    const req = xml ? readXmlBody(request.body as string, query.erpId, query.urgent === true) : readJsonItem(request.body as JsonInvoiceItem, '');
    const result = await intake.take(key, req, query.dryRun === true);
    if (result.kind === 'checked') return reply.code(200).send({ valid: result.valid, context: result.context, errors: result.errors, warnings: result.warnings });
    const { receipt } = result;
    request.documentId = receipt.documentId;
    reply.header('location', `/v1/invoices/${receipt.documentId}`);
    if (receipt.state === 'invalid') {
      throw new HttpProblem('GW_REST_INVALID_INVOICE', `Invoice ${req.erpId} is not valid (${result.errors.length} error(s)); it will not be sent`,
        { errors: result.errors, members: { id: receipt.documentId, erpId: req.erpId, state: receipt.state } });
    }
    return reply.code(receipt.duplicate ? 200 : 202).send(receiptView(receipt, result.context, result.warnings));
  });

  app.post('/v1/invoices::batch', {
    config: { scope: 'write' },
    bodyLimit: options.limits.batchBytes,
    schema: {
      summary: 'Submit up to 1,000 invoices',
      description: 'Each invoice gets its own result in `results` (same order); one bad invoice never fails the others.',
      tags: ['invoices'],
      querystring: { type: 'object', properties: { dryRun: { type: 'boolean', default: false } }, additionalProperties: false },
      body: {
        type: 'object',
        required: ['invoices'],
        properties: {
          invoices: {
            type: 'array', minItems: 1, maxItems: options.limits.batchInvoices,
            items: {
              type: 'object', required: ['erpId'], additionalProperties: false,
              properties: {
                erpId: { type: 'string', minLength: 1, maxLength: 200 }, urgent: { type: 'boolean' },
                invoice: { type: 'object' }, draft: { type: 'object' }, xml: { type: 'string', description: 'FA(3) XML as a string' },
              },
            },
          },
        },
        additionalProperties: false,
      },
      response: { 200: { description: 'one result per invoice', type: 'object', additionalProperties: true }, ...problemResponses(401, 403, 413, 415, 422, 429) },
    },
  }, async (request, reply) => {
    const key = apiKeyOf(request);
    const dryRun = (request.query as { dryRun?: boolean }).dryRun === true;
    const items = (request.body as { invoices: (JsonInvoiceItem & { xml?: string })[] }).invoices;
    const results = await mapLimit(items, 16, (item, i) => batchItem(intake, key, item, i, dryRun, request.url.split('?')[0], String(request.id)));
    return reply.code(200).send({ results });
  });
}

async function batchItem(intake: InvoiceIntake, key: ApiKeyInfo, item: JsonInvoiceItem & { xml?: string }, i: number, dryRun: boolean,
  instance: string, requestId: string): Promise<Record<string, unknown>> {
  const base = `/invoices/${i}`;
  try {
    const req = item.xml !== undefined
      ? (item.invoice !== undefined || item.draft !== undefined
        ? (() => { throw new HttpProblem('GW_REST_INVALID_REQUEST', 'Give exactly one of invoice, draft and xml', { errors: [{ code: 'GW_REST_ONE_OF_INVOICE_DRAFT', message: 'exactly one of invoice, draft and xml', pointer: base }] }); })()
        : { ...readXmlBody(item.xml, item.erpId, item.urgent === true), base })
      : readJsonItem(item, base);
    const result: IntakeResult = await intake.take(key, req, dryRun);
    if (result.kind === 'checked') return { index: i, erpId: item.erpId, status: 200, valid: result.valid, errors: result.errors, warnings: result.warnings };
    const r = result.receipt;
    if (r.state === 'invalid') {
      return { index: i, status: 422, ...problemBody('GW_REST_INVALID_INVOICE', `Invoice ${item.erpId} is not valid`, instance, requestId,
        { errors: result.errors, members: { id: r.documentId, erpId: item.erpId, state: r.state } }) };
    }
    return { index: i, status: r.duplicate ? 200 : 202, ...receiptView(r, result.context, result.warnings) };
  } catch (err) {
    if (!(err instanceof HttpProblem)) throw err;
    return { index: i, erpId: item.erpId, ...problemBody(err.code, err.message, instance, requestId, err.extra) };
  }
}

/** Runs `fn` over `items` with at most `limit` at once, results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
