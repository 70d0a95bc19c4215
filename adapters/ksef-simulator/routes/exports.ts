import { z } from 'zod';
import { newReferenceNumber } from '../ids/SimIds.js';
import { parseBody } from '../http/parseBody.js';
import type { Router } from '../http/Router.js';
import { SimHttpError } from '../http/SimHttpError.js';
import { buildExportPackage } from '../retrieval/buildExportPackage.js';
import { checkDateRange, invoiceQueryFilters, type InvoiceQueryFilters } from '../retrieval/invoiceFilters.js';
import type { SimContext } from '../SimContext.js';
import type { ContextId, ExportRecord } from '../store/records.js';
import { encryptionInfo, unwrapSessionKey } from './sessionAccess.js';

const MAX_RUNNING = 10;
const STATUS_KEPT_MS = 7 * 24 * 3600_000;
const PART_URL_MS = 3600_000;

const exportRequest = z.object({
  encryption: encryptionInfo,
  filters: invoiceQueryFilters,
  onlyMetadata: z.boolean().nullish(),
  compressionType: z.enum(['Zip', 'TarGz']).nullish(),
});

/** Subject types a context type may export (21181); a NIP context may export all four. */
const ALLOWED: Record<ContextId['type'], readonly InvoiceQueryFilters['subjectType'][]> = {
  Nip: ['Subject1', 'Subject2', 'Subject3', 'SubjectAuthorized'],
  InternalId: ['Subject1', 'Subject3'],
  NipVatUe: ['Subject1'],
  PeppolId: ['Subject1'],
};

const gone = (): SimHttpError => new SimHttpError({ status: 410, detail: 'Operacja wygasła i nie jest już dostępna.' });
const unknownExport = (): SimHttpError => SimHttpError.badRequest(21175, 'Wynik zapytania o podanym identyfikatorze nie istnieje.');

/** `POST /invoices/exports`, `GET /invoices/exports/{ref}` and the pre-signed part downloads (PROTOCOL.md §8.3). */
export function register(router: Router, sim: SimContext): void {
  const save = (rec: ExportRecord): ExportRecord => sim.store.put('export', rec.referenceNumber, rec, { ctx: sim.contextKey(rec.context) });
  const expired = (rec: ExportRecord): boolean => sim.isDue(rec.result?.packageExpirationDate);
  const running = (context: ContextId): number => sim.store.byCtx<ExportRecord>('export', sim.contextKey(context)).filter((e) => !sim.isDue(e.readyAt)).length;

  router.add(
    {
      method: 'POST', path: '/v2/invoices/exports', auth: 'access', anyOf: ['InvoiceRead'], rate: 'invoiceExport',
      handler: (req) => {
        const body = parseBody(req, exportRequest);
        const c = req.caller!;
        const context: ContextId = { type: c.contextType as ContextId['type'], value: c.contextValue };
        if (!ALLOWED[context.type]?.includes(body.filters.subjectType)) {
          throw SimHttpError.badRequest(21181, 'Nieprawidłowe żądanie eksportu faktur.',
            [`Nie można wyeksportować paczki faktur dla wybranego podmiotu (${body.filters.subjectType}) i zalogowanego identyfikatora kontekstu (${context.type}).`]);
        }
        // Dates are checked now (21405); the selection itself happens when the package is built.
        checkDateRange(sim, body.filters);
        const key = unwrapSessionKey(sim, body.encryption);
        if (running(context) >= MAX_RUNNING) {
          throw SimHttpError.badRequest(21182, 'Osiągnięto limit trwających eksportów.',
            [`Dla uwierzytelnionego podmiotu w bieżącym kontekście osiągnięto maksymalny limit ${MAX_RUNNING} równoczesnych eksportów faktur. Spróbuj ponownie później.`]);
        }
        const now = sim.now();
        const rec = save({
          referenceNumber: newReferenceNumber('EH', now), context, filters: body.filters, onlyMetadata: body.onlyMetadata ?? false,
          compressionType: body.compressionType ?? 'Zip', ...key, createdAt: now.toISOString(), readyAt: sim.later(sim.processingDelayMs()),
        });
        return { status: 201, json: { referenceNumber: rec.referenceNumber } };
      },
    },
    {
      method: 'GET', path: '/v2/invoices/exports/{referenceNumber}', auth: 'access', anyOf: ['InvoiceRead'], rate: 'invoiceExportStatus',
      handler: (req) => {
        const c = req.caller!;
        let rec = sim.store.get<ExportRecord>('export', req.params.referenceNumber);
        if (!rec || rec.context.value !== c.contextValue || rec.context.type !== c.contextType) throw unknownExport();
        if (sim.isDue(new Date(Date.parse(rec.createdAt) + STATUS_KEPT_MS).toISOString())) throw gone();
        if (!sim.isDue(rec.readyAt)) return { status: 200, json: { status: { code: 100, description: 'Eksport faktur w toku' } } };
        if (!rec.result) rec = save({ ...rec, result: buildExportPackage(sim, rec) });
        const expiry = sim.faults.exportExpiry;
        if (expiry && rec.result!.package && rec.expiresAfterParts === undefined && !expired(rec) && sim.exportExpiries < (expiry.exports ?? Infinity)) {
          sim.exportExpiries++;
          rec = save({ ...rec, expiresAfterParts: expiry.afterParts });
          // 0: gone before the client ever saw its links.
          if (expiry.afterParts <= 0) rec = save({ ...rec, result: { ...rec.result!, packageExpirationDate: sim.now().toISOString() } });
        }
        const r = rec.result!;
        if (r.packageExpirationDate && sim.isDue(r.packageExpirationDate)) {
          return { status: 200, json: { status: { code: 210, description: 'Eksport faktur wygasł i nie jest już dostępny do pobrania' }, completedDate: r.completedDate, packageExpirationDate: r.packageExpirationDate } };
        }
        if (!r.package) return { status: 200, json: { status: r.status, completedDate: r.completedDate } };
        const expires = new Date(Math.min(sim.now().getTime() + PART_URL_MS, Date.parse(r.packageExpirationDate!)));
        const { parts, ...pkg } = r.package;
        return {
          status: 200,
          json: {
            status: r.status, completedDate: r.completedDate, packageExpirationDate: r.packageExpirationDate,
            package: {
              ...pkg,
              parts: parts.map((p) => ({
                ...p, method: 'GET', url: sim.signedUrl(`/storage/export/${rec.referenceNumber}/${p.ordinalNumber}`, expires), expirationDate: expires.toISOString(),
              })),
            },
          },
        };
      },
    },
    {
      method: 'GET', path: '/storage/export/{referenceNumber}/{ordinalNumber}', auth: 'none', rate: 'none',
      handler: (req) => {
        const verdict = sim.checkSignedUrl(req.path, req.query);
        if (verdict !== 'ok') throw new SimHttpError({ status: 403, detail: verdict === 'expired' ? 'Link wygasł.' : 'Nieprawidłowy podpis linku.', reasonCode: 'insufficient-resource-access' });
        let rec = sim.store.get<ExportRecord>('export', req.params.referenceNumber);
        const part = rec?.result?.package?.parts.find((p) => String(p.ordinalNumber) === req.params.ordinalNumber);
        const blob = part && sim.store.getBlob(`export:${rec!.referenceNumber}:${part.ordinalNumber}`);
        if (!rec || !part || !blob) throw new SimHttpError({ status: 404, detail: 'Zasób nie istnieje.' });
        if (rec.expiresAfterParts !== undefined && (rec.partsServed ?? 0) >= rec.expiresAfterParts && !expired(rec)) {
          rec = save({ ...rec, result: { ...rec.result!, packageExpirationDate: sim.now().toISOString() } });
        }
        // An expired package is deleted from storage: a link still within its own validity finds nothing.
        if (expired(rec)) throw new SimHttpError({ status: 404, detail: 'Zasób nie istnieje.' });
        save({ ...rec, partsServed: (rec.partsServed ?? 0) + 1 });
        return { status: 200, body: blob, contentType: 'application/octet-stream', headers: { 'x-ms-meta-hash': part.encryptedPartHash } };
      },
    },
  );
}
