import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEMS, problemBody, type ProblemCode } from './problems.js';

/**
 * Faults Node's HTTP parser meets before there is a request to route (headers too slow, a request not finished in
 * time, headers too large, bytes that are not HTTP) answered as problem documents like every other error, then the
 * connection is closed: after such a fault the stream cannot be trusted for another request.
 */
export function clientErrorHandler(limits: { headersTimeoutMs: number; requestTimeoutMs: number }) {
  return (err: Error & { code?: string }, socket: Duplex): void => {
    // A client that reset the connection cannot be answered.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [code, detail]: [ProblemCode, string] = err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ['GW_REST_REQUEST_TIMEOUT', `The request headers must arrive within ${limits.headersTimeoutMs} ms and the whole request within ${limits.requestTimeoutMs} ms`]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? ['GW_REST_HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts']
        : ['GW_REST_BAD_REQUEST', 'The bytes received are not an HTTP/1.1 request'];
    // No request line was routed, so there is no `instance` to name.
    const { instance: _none, ...problem } = problemBody(code, detail, '', randomUUID());
    const body = JSON.stringify(problem);
    const { status } = PROBLEMS[code];
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  };
}
