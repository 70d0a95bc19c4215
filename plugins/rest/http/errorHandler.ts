import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PluginLogger } from '../../../core/plugin-api/index.js';
import { HttpProblem, problemBody, type ProblemCode, type ProblemError } from './problems.js';

/** Sends a problem document (RFC 9457) with its status and headers. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: HttpProblem): FastifyReply {
  const body = problemBody(problem.code, problem.message, request.url.split('?')[0], String(request.id), problem.extra);
  for (const [name, value] of Object.entries(problem.extra.headers ?? {})) reply.header(name, value);
  return reply.code(body.status as number).type('application/problem+json').send(body);
}

/** Fastify's own errors mapped to our problem codes by their HTTP status. */
const BY_STATUS: Record<number, ProblemCode> = {
  400: 'GW_REST_BAD_REQUEST', 404: 'GW_REST_NOT_FOUND', 405: 'GW_REST_METHOD_NOT_ALLOWED', 406: 'GW_REST_NOT_ACCEPTABLE',
  408: 'GW_REST_REQUEST_TIMEOUT', 413: 'GW_REST_PAYLOAD_TOO_LARGE', 415: 'GW_REST_UNSUPPORTED_MEDIA_TYPE', 429: 'GW_REST_RATE_LIMITED',
  503: 'GW_REST_UNAVAILABLE',
};

/** Every error becomes application/problem+json; a 500 is logged with its cause and tells the client nothing more. */
export function installErrorHandler(app: FastifyInstance, logger: PluginLogger): void {
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, new HttpProblem('GW_REST_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) return sendProblem(reply, request, error);
    if (error.validation) {
      const where = error.validationContext === 'body' ? '' : `/${error.validationContext === 'querystring' ? 'query' : error.validationContext}`;
      const errors: ProblemError[] = error.validation.map((v) => {
        const missing = (v.params as { missingProperty?: string }).missingProperty;
        const extra = (v.params as { additionalProperty?: string }).additionalProperty;
        const pointer = `${where}${v.instancePath}${missing ? `/${missing}` : extra ? `/${extra}` : ''}`;
        return { code: `GW_REST_SCHEMA_${String(v.keyword).toUpperCase()}`, message: v.message ?? String(v.keyword), pointer: pointer || '/' };
      });
      return sendProblem(reply, request, new HttpProblem('GW_REST_INVALID_REQUEST', `${errors.length} problem(s) with the request`, { errors }));
    }
    const code = typeof error.statusCode === 'number' && error.statusCode < 500 ? BY_STATUS[error.statusCode] : undefined;
    if (code) return sendProblem(reply, request, new HttpProblem(code, error.message));
    const gateway = error as unknown as { code?: string; kind?: string };
    if (gateway.kind === 'data') return sendProblem(reply, request, new HttpProblem('GW_REST_BAD_REQUEST', error.message));
    if (gateway.kind === 'transient' || error.statusCode === 503) {
      return sendProblem(reply, request, new HttpProblem('GW_REST_UNAVAILABLE', 'Try again shortly', { headers: { 'retry-after': '1' } }));
    }
    logger.error({ err: error, reqId: request.id }, 'request failed');
    return sendProblem(reply, request, new HttpProblem('GW_REST_INTERNAL', `Internal error; quote request id ${request.id}`));
  });
}
