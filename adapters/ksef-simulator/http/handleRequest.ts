import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { TooManyRequestsBurst } from '../faults/TooManyRequestsBurst.js';
import { decideFault, faultApplies } from '../faults/FaultConfig.js';
import type { RateLimiter } from '../limits/RateLimiter.js';
import type { SimContext } from '../SimContext.js';
import type { Caller, SimRequest, SimResponse } from './SimRequest.js';
import { parseJsonBody } from './SimRequest.js';
import { renderError } from './renderError.js';
import { DEFAULT_MAX_BODY, type RouteSpec, type Router } from './Router.js';
import { SimHttpError } from './SimHttpError.js';

const EMPTY = Buffer.alloc(0);

function tooLarge(limit: number): SimHttpError {
  return new SimHttpError({ status: 413, detail: `Treść żądania przekracza ${limit} bajtów.` });
}

/** Reads the body up to `limit` bytes; a declared or streamed body past it is a 413 and is never held. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      chunks.length = 0;
      req.removeAllListeners('data');
      req.pause();
      reject(tooLarge(limit));
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `//`, `//[` or `//a:b@` are paths here, not authorities: parsing them against a base would fail or mislead. */
function parseTarget(target: string): URL {
  try {
    return new URL(target.startsWith('/') ? `http://simulator${target}` : target, 'http://simulator');
  } catch {
    throw SimHttpError.invalid('Nieprawidłowy adres żądania.');
  }
}

const TOKEN_KINDS: Record<Exclude<RouteSpec['auth'], 'none'>, Caller['tokenType'][]> = {
  access: ['ContextToken'], authentication: ['AuthenticationToken'], refresh: ['RefreshToken'], accessOrRefresh: ['ContextToken', 'RefreshToken'],
};

async function authenticate(sim: SimContext, spec: RouteSpec, req: IncomingMessage): Promise<Caller | undefined> {
  if (spec.auth === 'none') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) throw SimHttpError.unauthorized('Brak tokenu uwierzytelniającego.');
  return sim.jwt.verify(m[1], TOKEN_KINDS[spec.auth], sim.now());
}

function send(req: IncomingMessage, res: ServerResponse, r: SimResponse): void {
  const headers: Record<string, string> = { ...r.headers };
  let payload: Buffer | string | undefined = r.body;
  if (r.json !== undefined) {
    payload = JSON.stringify(r.json);
    headers['Content-Type'] = `${r.contentType ?? 'application/json'}; charset=utf-8`;
  } else if (payload !== undefined) {
    headers['Content-Type'] = r.contentType ?? 'application/octet-stream';
  }
  // A body left unread (refused before reading it) is not drained: the connection closes instead.
  if (!req.complete) headers.Connection = 'close';
  res.writeHead(r.status, headers);
  res.end(payload);
}

/**
 * One request through faults, routing, JWT, rate limits, permissions, the body and the handler (in that order).
 * Nothing a client sends may end the process: every failure is an answer.
 */
export function createRequestHandler(sim: SimContext, router: Router, limiter: RateLimiter) {
  const burst429 = new TooManyRequestsBurst();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let path = (req.url ?? '/').split('?')[0];
    const problemDetails = String(req.headers['x-error-format'] ?? '').toLowerCase() === 'problem-details';
    const fail = (e: unknown): void => {
      if (res.headersSent) return void req.socket.destroy();
      if (e instanceof SimHttpError) return send(req, res, renderError(e.answer, path, problemDetails, sim.now()));
      sim.logger?.error({ err: e, path }, 'simulator handler failed');
      send(req, res, renderError({ status: 500, detail: 'Błąd wewnętrzny symulatora.' }, path, problemDetails, sim.now()));
    };
    try {
      const url = parseTarget(req.url ?? '/');
      path = url.pathname;
      const arrival = sim.requests.record(req.method ?? 'GET', path, sim.now());
      const faults = sim.faults;
      if (faults.latencyMs && faultApplies(faults, path)) await sleep(faults.latencyMs);
      const fault = burst429.inBurst(faults, path, sim.now().getTime()) ? 'too-many' : decideFault(faults, path);
      if (fault !== 'none') arrival.fault = fault;
      if (fault === 'drop') return void req.socket.destroy();
      if (fault === 'error') throw new SimHttpError({ status: 500, detail: 'Wstrzyknięty błąd serwera.' });
      if (fault === 'too-many') {
        burst429.started(faults, sim.now().getTime());
        throw new SimHttpError({ status: 429, detail: 'Wstrzyknięte przekroczenie limitu żądań.', retryAfterSeconds: 1 });
      }
      const found = router.match(req.method ?? 'GET', path);
      if (found === undefined) throw new SimHttpError({ status: 404, detail: `Nie znaleziono ${path}.` });
      if (found === 'method-not-allowed') throw new SimHttpError({ status: 405, detail: `Metoda ${req.method} nie jest obsługiwana dla ${path}.` });
      const { spec, params } = found;
      // No await where nothing is pending: each one is a turn of the microtask queue on every request.
      const caller = spec.auth === 'none' ? undefined : await authenticate(sim, spec, req);
      const ip = req.socket.remoteAddress ?? 'unknown';
      if (caller?.tokenType === 'ContextToken') sim.assertIpAllowed(caller, ip);
      if (spec.rate !== 'none') {
        const bucket = `${caller ? `${caller.contextType}:${caller.contextValue}` : '-'}|${ip}|${spec.rate === 'other' ? `${spec.method} ${spec.path}` : ''}`;
        const decision = limiter.check(spec.rate, bucket, sim.now().getTime());
        if (!decision.allowed) throw new SimHttpError({ status: 429, detail: decision.detail, retryAfterSeconds: decision.retryAfterSeconds });
      }
      if (spec.anyOf && caller && !caller.permissions.some((p) => p === 'Owner' || spec.anyOf!.includes(p))) {
        throw SimHttpError.missingPermissions(spec.anyOf, caller.permissions);
      }
      spec.precheck?.(path, url.searchParams);
      // Most requests (UPO downloads, status polls) carry no body: no listeners and no promise for them.
      const bodiless = req.headers['transfer-encoding'] === undefined && (req.headers['content-length'] ?? '0') === '0';
      const body = bodiless ? EMPTY : await readBody(req, spec.maxBodyBytes ?? DEFAULT_MAX_BODY);
      let parsed: Record<string, unknown> | undefined;
      const simReq: SimRequest = {
        method: req.method ?? 'GET', path, params, query: url.searchParams, headers: req.headers, ip, body, caller,
        json: () => (parsed ??= parseJsonBody(body)),
      };
      const handled = spec.handler(simReq);
      const answer = handled instanceof Promise ? await handled : handled;
      if (faults.answerDelayMs && faultApplies(faults, path)) await sleep(faults.answerDelayMs);
      if (fault === 'drop-after') return void req.socket.destroy();
      if (fault === 'lose-response') throw new SimHttpError({ status: 503, detail: 'Wstrzyknięta utrata odpowiedzi.' });
      // KSeF TEST echoes X-Test-System-Warning as the non-blocking X-System-Warning (PROTOCOL.md §2.5).
      const warning = req.headers['x-test-system-warning'];
      if (typeof warning === 'string' && answer.status < 300) answer.headers = { ...answer.headers, 'X-System-Warning': warning };
      send(req, res, answer);
    } catch (e) {
      fail(e);
    }
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      sim.logger?.error({ err }, 'simulator could not answer a request');
      req.socket.destroy();
    });
  };
}
