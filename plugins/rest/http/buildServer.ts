import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { PluginContext } from '../../../core/plugin-api/index.js';
import type { ApiKeys } from '../auth/ApiKeys.js';
import { installAuthentication } from '../auth/authenticate.js';
import { contextRoutes } from '../contextRoutes.js';
import { docsRoutes } from '../docs/docsRoutes.js';
import type { Idempotency } from '../idempotency/Idempotency.js';
import { installIdempotency } from '../idempotency/installIdempotency.js';
import { documentRoutes } from '../invoices/documentRoutes.js';
import type { InvoiceIntake } from '../invoices/InvoiceIntake.js';
import { invoiceRoutes } from '../invoices/invoiceRoutes.js';
import type { PurchaseRecords } from '../purchases/PurchaseRecords.js';
import { purchaseRoutes } from '../purchases/purchaseRoutes.js';
import { sharedSchemas } from '../invoices/schemas.js';
import type { RestOptions } from '../RestOptions.js';
import { installBodyParsers } from './installBodyParsers.js';
import { clientErrorHandler } from './clientErrorHandler.js';
import { installErrorHandler } from './errorHandler.js';
import { installRateLimit } from './installRateLimit.js';
import './fastifyTypes.js';

export interface ServerParts {
  readonly ctx: PluginContext<RestOptions>;
  readonly keys: ApiKeys;
  readonly idempotency: Idempotency;
  readonly intake: InvoiceIntake;
  readonly purchases: PurchaseRecords;
  /** Adds the webhook routes (they live with the webhook outbox). */
  readonly extraRoutes?: (app: FastifyInstance) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The REST API's fastify instance: limits, parsers, authentication, rate limits, idempotency, routes, OpenAPI. */
export async function buildServer(parts: ServerParts): Promise<FastifyInstance> {
  const { ctx } = parts;
  const o = ctx.config;
  const serverTimeouts = {
    headersTimeout: o.limits.headersTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(o.limits.headersTimeoutMs / 4))),
  };
  const app = Fastify({
    loggerInstance: ctx.logger,
    // Our own request line (onResponse) carries the key id and document id, never headers or bodies.
    logController: new LogController({ disableRequestLogging: true }),
    // Node checks the header and request timeouts only every connectionsCheckingInterval (30 s by default): check
    // often enough that a client sending its headers slowly is cut close to headersTimeoutMs.
    ...(o.tls ? { https: { cert: readFileSync(o.tls.certFile), key: readFileSync(o.tls.keyFile), ...serverTimeouts } } : { http: serverTimeouts }),
    clientErrorHandler: clientErrorHandler(o.limits),
    trustProxy: o.trustProxy.length > 0 ? [...o.trustProxy] : false,
    bodyLimit: o.limits.attachmentBytes,
    requestTimeout: o.limits.requestTimeoutMs,
    keepAliveTimeout: o.limits.idleTimeoutMs,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Unknown properties are reported, never silently dropped; every problem of a request at once.
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
  }) as unknown as FastifyInstance;

  for (const schema of sharedSchemas) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'ksef-gateway REST API', version: '1.0.0', description: 'Invoices into KSeF 2.0 through the gateway: idempotent submissions, problem+json errors, signed webhooks.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'kgw_... key from `ksef-gateway api-key create`' } } },
      security: [{ apiKey: [] }],
      tags: [{ name: 'invoices' }, { name: 'purchases' }, { name: 'contexts' }, { name: 'webhooks' }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  installBodyParsers(app);
  installErrorHandler(app, ctx.logger);
  installAuthentication(app, parts.keys);
  installRateLimit(app, ctx.rateLimits, o.limits.requestsPerSecond);
  installIdempotency(app, parts.idempotency);
  app.addHook('onResponse', async (request, reply) => {
    ctx.logger.info({
      reqId: request.id, ip: request.ip, method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0], status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10, keyId: request.apiKey?.id, docId: request.documentId,
    }, 'request');
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', String(request.id));
    return payload;
  });

  docsRoutes(app, o.docs);
  invoiceRoutes(app, parts.intake, o);
  documentRoutes(app, ctx);
  purchaseRoutes(app, parts.purchases);
  contextRoutes(app, ctx);
  parts.extraRoutes?.(app);
  return app;
}
