import type { Router } from '../http/Router.js';
import { paginate } from '../http/paginate.js';
import { SimHttpError } from '../http/SimHttpError.js';
import type { SimRequest, SimResponse } from '../http/SimRequest.js';
import { invoiceUpo } from '../processing/invoiceUpo.js';
import { visibleInvoiceStatus } from '../processing/processInvoice.js';
import { currentSessionStatus } from '../processing/sessionState.js';
import type { SimContext } from '../SimContext.js';
import type { InvoiceRecord, SessionRecord, StatusInfo } from '../store/records.js';
import { sha256b64 } from '../crypto/simCrypto.js';
import { callerSession, READ_SESSIONS } from './sessionAccess.js';

const LIST_SESSIONS = ['InvoiceWrite', 'Introspection', 'EnforcementOperations'] as const;
const upoNotFound = (): SimHttpError => SimHttpError.badRequest(21178, 'Nie znaleziono UPO dla podanych kryteriów.');

export function xmlResponse(xml: Buffer): SimResponse {
  return { status: 200, body: xml, contentType: 'application/xml', headers: { 'x-ms-meta-hash': sha256b64(xml) } };
}

/** `{name}From` / `{name}To` query filters; a missing date fails any filter on it. */
function inRange(query: URLSearchParams, name: string, value: string | undefined): boolean {
  const from = query.get(`${name}From`);
  const to = query.get(`${name}To`);
  if (!from && !to) return true;
  if (!value) return false;
  const t = Date.parse(value);
  return (!from || t >= Date.parse(from)) && (!to || t <= Date.parse(to));
}

function commonStatus(code: number): 'InProgress' | 'Succeeded' | 'Failed' | 'Cancelled' {
  if (code === 200) return 'Succeeded';
  if (code === 440) return 'Cancelled';
  return code < 200 ? 'InProgress' : 'Failed';
}

function invoiceView(sim: SimContext, inv: InvoiceRecord): Record<string, unknown> {
  const status = visibleInvoiceStatus(sim, inv);
  const done = status.code === 200;
  const expires = new Date(sim.now().getTime() + sim.timings.downloadUrlLifetimeMs);
  return {
    ordinalNumber: inv.ordinalNumber,
    invoiceNumber: sim.isDue(inv.readyAt) ? inv.invoiceNumber ?? null : null,
    ksefNumber: done ? inv.ksefNumber : null,
    referenceNumber: inv.referenceNumber,
    invoiceHash: inv.invoiceHash,
    invoiceFileName: inv.invoiceFileName ?? null,
    acquisitionDate: done ? inv.acquisitionDate : null,
    invoicingDate: inv.invoicingDate,
    permanentStorageDate: done ? inv.permanentStorageDate : null,
    upoDownloadUrl: done ? sim.signedUrl(`/storage/upo/invoice/${inv.referenceNumber}`, expires) : null,
    upoDownloadUrlExpirationDate: done ? expires.toISOString() : null,
    invoicingMode: done ? inv.invoicingMode : null,
    status,
  };
}

function counts(sim: SimContext, s: SessionRecord): { total: number; ok: number; failed: number } {
  const statuses = sim.store.byCtx<InvoiceRecord>('invoice', s.referenceNumber).map((i) => visibleInvoiceStatus(sim, i).code);
  return { total: statuses.length, ok: statuses.filter((c) => c === 200).length, failed: statuses.filter((c) => c > 200).length };
}

function statusView(sim: SimContext, s: SessionRecord, status: StatusInfo): Record<string, unknown> {
  const n = counts(sim, s);
  const expires = new Date(sim.now().getTime() + sim.timings.downloadUrlLifetimeMs);
  const pages = status.code === 200 ? s.final?.upoPages ?? [] : [];
  return {
    status, dateCreated: s.dateCreated, dateUpdated: s.dateUpdated, validUntil: s.validUntil,
    upo: pages.length ? { pages: pages.map((p) => ({ referenceNumber: p.referenceNumber, downloadUrl: sim.signedUrl(`/storage/upo/session/${p.referenceNumber}`, expires), downloadUrlExpirationDate: expires.toISOString() })) } : null,
    invoiceCount: n.total, successfulInvoiceCount: n.ok, failedInvoiceCount: n.failed,
  };
}

function sessionInvoice(sim: SimContext, req: SimRequest): { s: SessionRecord; inv: InvoiceRecord } {
  const s = callerSession(sim, req);
  const inv = sim.store.get<InvoiceRecord>('invoice', req.params.invoiceReferenceNumber);
  if (!inv || inv.sessionRef !== s.referenceNumber) {
    throw SimHttpError.invalid(`Faktura o numerze referencyjnym ${req.params.invoiceReferenceNumber} nie została znaleziona w sesji.`);
  }
  return { s, inv };
}

function upoOf(sim: SimContext, s: SessionRecord, inv: InvoiceRecord | undefined): SimResponse {
  if (!inv || inv.sessionRef !== s.referenceNumber || visibleInvoiceStatus(sim, inv).code !== 200) throw upoNotFound();
  return xmlResponse(invoiceUpo(sim, s, inv));
}

export function register(router: Router, sim: SimContext): void {
  router.add(
    {
      method: 'GET', path: '/v2/sessions', auth: 'access', anyOf: LIST_SESSIONS, rate: 'sessionList',
      handler: (req) => {
        const type = req.query.get('sessionType');
        if (type !== 'Online' && type !== 'Batch') throw SimHttpError.invalid('sessionType: wymagane Online albo Batch.');
        const wanted = req.query.getAll('statuses');
        const c = req.caller!;
        const items = sim.store.byCtx<SessionRecord>('session', `${c.contextType}:${c.contextValue}`).reverse()
          .filter((s) => s.type === type)
          .filter((s) => !req.query.get('referenceNumber') || s.referenceNumber === req.query.get('referenceNumber'))
          .filter((s) => inRange(req.query, 'dateCreated', s.dateCreated) && inRange(req.query, 'dateClosed', s.closedAt)
            && inRange(req.query, 'dateModified', s.dateUpdated))
          .map((s0) => {
            const { session: s, status } = currentSessionStatus(sim, s0);
            const n = counts(sim, s);
            return { referenceNumber: s.referenceNumber, status, dateCreated: s.dateCreated, dateUpdated: s.dateUpdated, validUntil: s.validUntil,
              totalInvoiceCount: n.total, successfulInvoiceCount: n.ok, failedInvoiceCount: n.failed };
          })
          .filter((s) => wanted.length === 0 || wanted.includes(commonStatus(s.status.code)));
        const { page, continuationToken } = paginate(req, items);
        return { status: 200, json: { continuationToken: continuationToken ?? null, sessions: page } };
      },
    },
    {
      method: 'GET', path: '/v2/sessions/{referenceNumber}', auth: 'access', anyOf: READ_SESSIONS, rate: 'sessionMisc',
      handler: (req) => {
        const { session, status } = currentSessionStatus(sim, callerSession(sim, req));
        return { status: 200, json: statusView(sim, session, status) };
      },
    },
    {
      method: 'GET', path: '/v2/sessions/{referenceNumber}/invoices', auth: 'access', anyOf: READ_SESSIONS, rate: 'sessionInvoiceList',
      handler: (req) => {
        const s = callerSession(sim, req);
        const { page, continuationToken } = paginate(req, sim.store.byCtx<InvoiceRecord>('invoice', s.referenceNumber));
        return { status: 200, json: { continuationToken: continuationToken ?? null, invoices: page.map((i) => invoiceView(sim, i)) } };
      },
    },
    {
      method: 'GET', path: '/v2/sessions/{referenceNumber}/invoices/failed', auth: 'access', anyOf: READ_SESSIONS, rate: 'sessionInvoiceList',
      handler: (req) => {
        const s = callerSession(sim, req);
        const failed = sim.store.byCtx<InvoiceRecord>('invoice', s.referenceNumber).filter((i) => visibleInvoiceStatus(sim, i).code > 200);
        const { page, continuationToken } = paginate(req, failed);
        return { status: 200, json: { continuationToken: continuationToken ?? null, invoices: page.map((i) => invoiceView(sim, i)) } };
      },
    },
    {
      method: 'GET', path: '/v2/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}', auth: 'access', anyOf: READ_SESSIONS, rate: 'invoiceStatus',
      handler: (req) => ({ status: 200, json: invoiceView(sim, sessionInvoice(sim, req).inv) }),
    },
    {
      method: 'GET', path: '/v2/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo', auth: 'access', anyOf: READ_SESSIONS, rate: 'sessionMisc',
      handler: (req) => {
        const s = callerSession(sim, req);
        return upoOf(sim, s, sim.store.get<InvoiceRecord>('invoice', req.params.invoiceReferenceNumber));
      },
    },
    {
      method: 'GET', path: '/v2/sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo', auth: 'access', anyOf: READ_SESSIONS, rate: 'sessionMisc',
      handler: (req) => {
        const s = callerSession(sim, req);
        return upoOf(sim, s, sim.store.byK2<InvoiceRecord>('invoice', req.params.ksefNumber)[0]);
      },
    },
    {
      method: 'GET', path: '/v2/sessions/{referenceNumber}/upo/{upoReferenceNumber}', auth: 'access', anyOf: READ_SESSIONS, rate: 'sessionMisc',
      handler: (req) => {
        const { session, status } = currentSessionStatus(sim, callerSession(sim, req));
        const page = session.final?.upoPages.find((p) => p.referenceNumber === req.params.upoReferenceNumber);
        const xml = page && status.code === 200 ? sim.store.getBlob(`upo:${page.referenceNumber}`) : undefined;
        if (!xml) throw upoNotFound();
        return xmlResponse(xml);
      },
    },
  );
}
