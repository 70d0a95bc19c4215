import { request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { KsefApiError } from '../errors/KsefApiError.js';
import type { RateLimiter } from '../rateLimit/RateLimiter.js';
import { endpointGroup, rateLimitKey } from '../rateLimit/endpointGroup.js';
import type { RetryPolicy } from '../types/KsefClientOptions.js';
import type { KsefHttp, KsefRequest, KsefResponse, QueryValue } from './KsefHttp.js';
import { parseErrorBody, parseRetryAfter } from './parseErrorBody.js';
import { backoffDelay } from './backoff.js';
import { sleep } from './sleep.js';

/** Failures that prove the request never reached the server, so even a non-idempotent call may be repeated. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface HttpTransportOptions {
  readonly baseUrl: string;
  readonly dispatcher: Dispatcher;
  readonly limiter: RateLimiter;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly now: () => number;
}

/** KSeF over undici: rate limits, Retry-After, backoff where safe, typed errors, X-System-Warning logged. */
export class HttpTransport implements KsefHttp {
  private readonly base: string;

  constructor(private readonly o: HttpTransportOptions) {
    this.base = o.baseUrl.replace(/\/+$/, '');
  }

  async json<T>(req: KsefRequest): Promise<T> {
    const res = await this.send({ ...req, headers: { accept: 'application/json', ...req.headers } });
    if (res.bytes.length === 0) return undefined as T;
    return JSON.parse(Buffer.from(res.bytes).toString('utf8')) as T;
  }

  async send(req: KsefRequest): Promise<KsefResponse> {
    const absolute = /^https?:\/\//.test(req.path);
    const path = absolute ? new URL(req.path).pathname : req.path;
    const group = req.rateLimitGroup ?? (absolute ? 'none' : endpointGroup(req.method, path));
    const key = group === 'none' ? '' : rateLimitKey(group, req.method, path);
    const url = absolute ? req.path : this.base + path + queryString(req.query);
    const retryAll = req.retry !== 'unsafe';
    for (let attempt = 0; ; attempt++) {
      if (group !== 'none') await this.o.limiter.acquire(group, key, req.signal);
      let error: KsefApiError;
      let notSent = false;
      try {
        const res = await this.once(req, url, absolute);
        if (res.status >= 200 && res.status < 300) return res;
        error = this.toError(req, path, res);
        if (res.status === 429 && group !== 'none') {
          await this.o.limiter.blockUntil(key, this.o.now() + (error.retryAfterMs ?? 1000), group);
        }
      } catch (err) {
        if (req.signal?.aborted) throw err;
        notSent = NOT_SENT.has((err as { code?: string }).code ?? '');
        error = new KsefApiError({ httpStatus: 0, method: req.method, path, cause: err });
      }
      // Only failures of delivery are retried here; a 4xx (even a transient one like 21470) needs the caller to change the request.
      const undelivered = error.httpStatus === 0 || error.httpStatus >= 500;
      const retriable = error.httpStatus === 429 || (undelivered && (retryAll || notSent));
      if (!retriable || attempt + 1 >= this.o.retry.maxAttempts) throw error;
      // After a 429 the limiter holds the block: its acquire waits (or, past the caller's limit, says when to come back).
      const limited = error.httpStatus === 429 && group !== 'none' && this.o.limiter.enabled;
      const delay = limited ? 0 : error.httpStatus === 429
        ? (error.retryAfterMs ?? 1000)
        : backoffDelay(attempt, this.o.retry.baseDelayMs, this.o.retry.maxDelayMs);
      this.o.logger.warn({ method: req.method, path, httpStatus: error.httpStatus, attempt: attempt + 1, delayMs: delay }, 'KSeF request failed, retrying');
      if (this.o.limiter.waitSignal.aborted) throw error;
      try {
        await sleep(delay, req.signal ? AbortSignal.any([req.signal, this.o.limiter.waitSignal]) : this.o.limiter.waitSignal);
      } catch (e) {
        if (req.signal?.aborted) throw e;
        throw error;
      }
    }
  }

  private async once(req: KsefRequest, url: string, absolute: boolean): Promise<KsefResponse> {
    const headers: Record<string, string> = { ...req.headers };
    if (!absolute) headers['x-error-format'] = 'problem-details';
    if (req.bearer && !absolute) headers.authorization = `Bearer ${req.bearer}`;
    let body: Dispatcher.DispatchOptions['body'];
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.body !== undefined) {
      body = typeof req.body === 'function' ? req.body() : req.body;
      if (req.contentType) headers['content-type'] = req.contentType;
      if (req.contentLength !== undefined) headers['content-length'] = String(req.contentLength);
    }
    const timeout = AbortSignal.timeout(Math.ceil(req.timeoutMs ?? this.o.timeoutMs));
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const started = this.o.now();
    const res = await request(url, { method: req.method, headers, body, dispatcher: this.o.dispatcher, signal });
    const bytes = new Uint8Array(await res.body.arrayBuffer());
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const logPath = absolute ? new URL(url).pathname : url.slice(this.base.length).split('?')[0];
    this.o.logger.debug({ method: req.method, path: logPath, status: res.statusCode, ms: this.o.now() - started }, 'KSeF request');
    if (flat['x-system-warning']) {
      this.o.logger.warn({ path: logPath, warning: flat['x-system-warning'] }, 'KSeF system warning');
    }
    return { status: res.statusCode, headers: flat, bytes };
  }

  private toError(req: KsefRequest, path: string, res: KsefResponse): KsefApiError {
    const parsed = parseErrorBody(res.bytes);
    return new KsefApiError({
      httpStatus: res.status,
      method: req.method,
      path,
      exceptionCodes: parsed.exceptionCodes,
      problem: parsed.problem,
      retryAfterMs: parseRetryAfter(res.headers['retry-after'], this.o.now()),
    });
  }
}

function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    // Arrays repeat the parameter (PROTOCOL.md §2.1).
    if (Array.isArray(value)) for (const v of value) params.append(name, String(v));
    else params.append(name, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
