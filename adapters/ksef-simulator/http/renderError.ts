import { randomUUID } from 'node:crypto';
import type { SimErrorKind } from './SimHttpError.js';
import type { SimResponse } from './SimRequest.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 410: 'Gone', 413: 'Content Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/**
 * PROTOCOL.md §2.4: 400 is ExceptionResponse unless the caller asked for problem details; 401/403/410 are always
 * problem details; 429 is TooManyRequestsResponse or problem details; 5xx is ExceptionResponse with code 500.
 */
export function renderError(e: SimErrorKind, instance: string, problemDetails: boolean, now: Date): SimResponse {
  const timestamp = now.toISOString();
  const traceId = randomUUID().replace(/-/g, '');
  const problem = (extra: Record<string, unknown>): SimResponse => ({
    status: e.status,
    contentType: 'application/problem+json',
    json: { title: TITLES[e.status], status: e.status, instance, timestamp, traceId, ...extra },
  });
  switch (e.status) {
    case 400:
      if (problemDetails) {
        return problem({ detail: e.description, errors: [{ code: e.code, description: e.description, details: e.details ?? [] }] });
      }
      return { status: 400, contentType: 'application/json', json: exceptionResponse(e.code, e.description, e.details, timestamp) };
    case 429: {
      const headers = { 'Retry-After': String(e.retryAfterSeconds) };
      if (problemDetails) return { ...problem({ detail: e.detail }), headers };
      return { status: 429, contentType: 'application/json', headers, json: { status: { code: 429, description: 'Too Many Requests', details: [e.detail] } } };
    }
    case 500:
    case 503:
      return { status: e.status, contentType: 'application/json', json: exceptionResponse(500, 'Wystąpił nieoczekiwany błąd.', [e.detail], timestamp) };
    case 403:
      return problem({ detail: e.detail, reasonCode: e.reasonCode, ...(e.security ? { security: e.security } : {}) });
    default:
      return problem({ detail: e.detail });
  }
}

function exceptionResponse(code: number, description: string, details: string[] | undefined, timestamp: string): unknown {
  return {
    exception: {
      exceptionDetailList: [{ exceptionCode: code, exceptionDescription: description, details: details ?? [] }],
      serviceCode: randomUUID(),
      serviceCtx: 'srvKSEFSIM',
      serviceName: 'ksef-simulator',
      timestamp,
    },
  };
}
