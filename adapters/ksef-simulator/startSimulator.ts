import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { issueKsefToken } from './auth/issueKsefToken.js';
import { SimJwt } from './crypto/SimJwt.js';
import { SimKeyring } from './crypto/SimKeyring.js';
import type { FaultConfig } from './faults/FaultConfig.js';
import { createRequestHandler } from './http/handleRequest.js';
import { Router } from './http/Router.js';
import { RateLimiter } from './limits/RateLimiter.js';
import { resolveProfile, type RateLimitProfile } from './limits/RateLimitTable.js';
import { DefaultInvoiceChecker } from './processing/InvoiceChecker.js';
import { SimXsd } from './processing/SimXsd.js';
import { ROUTE_MODULES } from './routes/index.js';
import { KSEF_EXPORT_LIMITS, SimContext, type ExportLimits } from './SimContext.js';
import type { ReceivedRequest } from './http/RequestLog.js';
import { submissionKey } from './processing/recordSubmission.js';
import type { ExportRecord, InvoiceRecord, SessionRecord, SubmissionRecord, TokenRecord } from './store/records.js';
import { openSimStore } from './store/SimStore.js';

export type { FaultConfig } from './faults/FaultConfig.js';
export type { RateLimitTable, RateLimitProfile } from './limits/RateLimitTable.js';
export type { ReceivedRequest } from './http/RequestLog.js';
export type { SubmissionRecord } from './store/records.js';

/** A document as KSeF knows it: by seller NIP and invoice number (`Fa/P_2`), or by the SHA-256 (Base64) of its bytes. */
export type SubmittedDocument = { readonly sellerNip: string; readonly invoiceNumber: string } | { readonly invoiceHash: string };

/** One export as KSeF served it (RunningSimulator.exportsServed). */
export interface ServedExport {
  readonly referenceNumber: string;
  readonly subjectType: string;
  readonly ksefNumbers: readonly string[];
  readonly partsServed: number;
  readonly expired: boolean;
}

export interface SimulatorOptions {
  /** 0 or omitted: a random free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Omitted: state in memory. Given: SQLite and keys in this directory, surviving restarts. */
  dataDir?: string;
  rateLimits?: RateLimitProfile;
  faults?: FaultConfig;
  /** Holds `fa3/schemat_FA(3)_v1-0E.xsd` and `fa3/bazowe/`; omitted: only file-level and semantic checks, no XSD. */
  schemasDir?: string;
  now?: () => Date;
  logger?: Logger;
  /** Time until invoices, closed sessions, authentications and exports reach their final status (default 300 ms). */
  processingDelayMs?: number;
  /** How far `permanentStorageHwmDate` lags behind now (default 60 s); tests make invoices land behind it. */
  hwmLagMs?: number;
  /** Where export packages are cut; defaults are KSeF's (10,000 invoices, 1 GB, parts of 50 MiB, 3 days). */
  exportLimits?: Partial<ExportLimits>;
  /**
   * A request whose head and body have not fully arrived after this long is answered 408 and its connection closed
   * (default 60 s: a 100 MB batch part on a slow link still fits; a body that never ends holds nothing for long).
   */
  requestTimeoutMs?: number;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT/v2` */
  baseUrl: string;
  port: number;
  close(): Promise<void>;
  /** Creates an active KSeF token in the context of `nip` (the subject is created on the fly). Printed once, never stored. */
  createToken(t: { nip: string; permissions: readonly string[]; description?: string }): { token: string; referenceNumber: string };
  revokeToken(referenceNumber: string): void;
  setFaults(f: FaultConfig): void;
  setRateLimits(p: RateLimitProfile): void;
  /** Requests refused for going over KSeF's limits since start, per limit group (injected 429s not counted). */
  rateLimitRefusals(): Readonly<Record<string, number>>;
  /** The most requests admitted in one window, per group and window, against its limit (`batchSession.perHour`). */
  rateLimitPeakUse(): Readonly<Record<string, { used: number; limit: number }>>;
  enableAttachments(nip: string): void;
  // Read-only inspection for tests.
  /**
   * Every time KSeF received this document for processing, in arrival order: each online send and each invoice of a
   * closed batch, whatever the outcome (accepted, 440 duplicate, refused). Requests refused before processing (a
   * closed session, a wrong hash, 429) and uploads of a batch never closed are not in it: KSeF took nothing in.
   * The evidence of "sent once" is one entry per document, never a count of distinct invoices.
   */
  submissions(doc: SubmittedDocument): readonly SubmissionRecord[];
  /** How many invoices KSeF holds (accepted, with a KSeF number) of this seller. */
  invoicesHeld(sellerNip: string): number;
  /**
   * The latest requests received (up to 10,000), in arrival order, recorded before any fault or handler ran; with
   * `after`, only those with a higher `seq` (a test marks `lastRequestSeq()` and lists what came since).
   */
  requestsReceived(after?: number): readonly ReceivedRequest[];
  lastRequestSeq(): number;
  tokenStatus(referenceNumber: string): TokenRecord['status'] | undefined;
  sessionInvoices(sessionRef: string): readonly Pick<InvoiceRecord, 'referenceNumber' | 'ksefNumber' | 'status'>[];
  sessionCount(nip: string): number;
  /**
   * Every export of the context `nip` whose package was built, in start order: the KSeF numbers the package held
   * (what KSeF served), how many part downloads it answered and whether the package has expired.
   */
  exportsServed(nip: string): readonly ServedExport[];
  /** Every invoice KSeF received for `nip` in any session, accepted or not (a re-send counts again). */
  submissionCount(nip: string): number;
  /** Resolves once background work (batch unpacking) has finished. */
  whenIdle(): Promise<void>;
}

/** Starts the local KSeF 2.0 simulator on loopback (docs/simulator.md). */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const now = opts.now ?? (() => new Date());
  const store = openSimStore(opts.dataDir);
  const keys = await SimKeyring.open(opts.dataDir, now());
  const secrets = store.get<{ jwt: string; url: string }>('meta', 'secrets') ?? store.put('meta', 'secrets', { jwt: SimJwt.newSecret(), url: SimJwt.newSecret() });
  const checker = new DefaultInvoiceChecker(opts.schemasDir ? SimXsd.load(opts.schemasDir) : undefined);
  const sim = new SimContext(store, keys, new SimJwt(Buffer.from(secrets.jwt, 'base64')), Buffer.from(secrets.url, 'base64'), checker,
    {
      processingDelayMs: opts.processingDelayMs ?? 300, downloadUrlLifetimeMs: 3 * 24 * 3600_000, hwmLagMs: opts.hwmLagMs ?? 60_000,
      exportLimits: { ...KSEF_EXPORT_LIMITS, ...opts.exportLimits },
    }, now, opts.faults ?? {}, opts.logger);
  const limiter = new RateLimiter(resolveProfile(opts.rateLimits));
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>): void => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const router = new Router();
  const limits = { effective: () => limiter.effective, set: (p: RateLimitProfile) => limiter.setTable(resolveProfile(p)) };
  for (const register of ROUTE_MODULES) register(router, sim, { track, limits });

  const requestTimeout = opts.requestTimeoutMs ?? 60_000;
  const server = createServer({
    requestTimeout,
    headersTimeout: Math.min(requestTimeout, 20_000),
    // Node looks for expired requests only this often (default 30 s), which would stretch a short timeout.
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeout / 4))),
  }, createRequestHandler(sim, router, limiter));
  // Longer than clients' idle timeout (undici: 4 s), so that a client never reuses a socket the server is closing.
  server.keepAliveTimeout = 65_000;
  // CONNECT is no request the API knows; without a listener Node drops the connection without an answer.
  server.on('connect', (_req, socket: import('node:stream').Duplex) => {
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  sim.setOrigin(`http://127.0.0.1:${port}`);
  opts.logger?.info({ port }, 'KSeF simulator listening');

  return {
    baseUrl: `http://127.0.0.1:${port}/v2`,
    port,
    async close() {
      await Promise.allSettled([...pending]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
    createToken: ({ nip, permissions, description }) => issueKsefToken(sim, {
      context: { type: 'Nip', value: nip }, author: { type: 'Nip', value: nip }, permissions, description: description ?? 'simulator test token',
    }),
    revokeToken(referenceNumber) {
      const t = store.get<TokenRecord>('token', referenceNumber);
      if (t) store.put('token', referenceNumber, { ...t, status: 'Revoked' }, { ctx: sim.contextKey(t.context) });
    },
    rateLimitRefusals: () => limiter.refusals(),
    rateLimitPeakUse: () => limiter.peakUse(),
    setFaults(f) {
      sim.faults = f;
      sim.exportExpiries = 0;
    },
    setRateLimits: (p) => limits.set(p),
    enableAttachments(nip) {
      store.put('subject', nip, { ...sim.subject(nip), attachmentsEnabled: true });
    },
    submissions: (doc) => ('invoiceHash' in doc
      ? store.byK2<SubmissionRecord>('submission', doc.invoiceHash)
      : store.byCtx<SubmissionRecord>('submission', submissionKey(doc.sellerNip, doc.invoiceNumber))),
    invoicesHeld: (nip) => store.countByK2('dupkey', nip),
    requestsReceived: (after) => sim.requests.list(after),
    lastRequestSeq: () => sim.requests.last(),
    tokenStatus: (ref) => store.get<TokenRecord>('token', ref)?.status,
    sessionInvoices: (ref) => store.byCtx<InvoiceRecord>('invoice', ref).map((i) => ({ referenceNumber: i.referenceNumber, ksefNumber: i.ksefNumber, status: i.status })),
    sessionCount: (nip) => store.byCtx<SessionRecord>('session', `Nip:${nip}`).length,
    exportsServed: (nip) => store.byCtx<ExportRecord>('export', `Nip:${nip}`)
      .filter((e) => e.result?.package)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((e) => ({
        referenceNumber: e.referenceNumber, subjectType: String(e.filters.subjectType), ksefNumbers: e.result!.ksefNumbers ?? [],
        partsServed: e.partsServed ?? 0, expired: sim.isDue(e.result!.packageExpirationDate),
      })),
    submissionCount: (nip) => store.byCtx<SessionRecord>('session', `Nip:${nip}`)
      .reduce((n, s) => n + store.byCtx<InvoiceRecord>('invoice', s.referenceNumber).length, 0),
    async whenIdle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
