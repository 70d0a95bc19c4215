import { z } from 'zod';
import { newReferenceNumber } from '../ids/SimIds.js';
import { parseBody } from '../http/parseBody.js';
import type { Router } from '../http/Router.js';
import { SimHttpError } from '../http/SimHttpError.js';
import { processBatch } from '../processing/processBatch.js';
import { currentSessionStatus } from '../processing/sessionState.js';
import type { SimContext } from '../SimContext.js';
import type { SessionRecord } from '../store/records.js';
import { assertSupportedForm, callerSession, encryptionInfo, formCodeSchema, sessionStatusForbids, unwrapSessionKey } from './sessionAccess.js';

const BATCH_WRITE = ['InvoiceWrite', 'EnforcementOperations'] as const;
const MAX_PART_PLAIN = 100_000_000;
const UPLOAD_WINDOW_PER_PART_MS = 20 * 60_000;

const openRequest = z.object({
  formCode: formCodeSchema,
  batchFile: z.object({
    fileSize: z.number().int().min(1).max(5_000_000_000),
    fileHash: z.string().length(44),
    compressionType: z.enum(['Zip', 'TarGz']).nullish(),
    fileParts: z.array(z.object({ ordinalNumber: z.number().int().min(1), fileSize: z.number().int().min(1), fileHash: z.string().length(44) })).min(1),
  }),
  encryption: encryptionInfo,
  offlineMode: z.boolean().nullish(),
});

/** Tracks background work so that `close()` can wait for it. */
export type Track = (p: Promise<unknown>) => void;

export function registerBatch(router: Router, sim: SimContext, track: Track): void {
  router.add(
    {
      method: 'POST', path: '/v2/sessions/batch', auth: 'access', anyOf: BATCH_WRITE, rate: 'batchSession',
      handler: (req) => {
        const body = parseBody(req, openRequest);
        assertSupportedForm(body.formCode);
        const parts = body.batchFile.fileParts;
        if (parts.length > 50) throw SimHttpError.badRequest(21161, 'Przekroczono dozwoloną liczbę części pakietu.');
        const tooBig = parts.find((p) => p.fileSize > MAX_PART_PLAIN + 16);
        if (tooBig) throw SimHttpError.badRequest(21157, 'Nieprawidłowy rozmiar części pakietu.', [`Rozmiar części ${tooBig.ordinalNumber} przekroczył dozwolony rozmiar 100MB.`]);
        const ordinals = parts.map((p) => p.ordinalNumber).sort((a, b) => a - b);
        if (ordinals.some((o, i) => o !== i + 1)) throw SimHttpError.invalid('fileParts: numery części muszą być kolejne od 1.');
        const key = unwrapSessionKey(sim, body.encryption);
        const now = sim.now();
        const c = req.caller!;
        const s: SessionRecord = {
          referenceNumber: newReferenceNumber('SB', now), type: 'Batch',
          context: { type: c.contextType as 'Nip', value: c.contextValue }, authRef: c.authRef, formCode: body.formCode, ...key,
          dateCreated: now.toISOString(), dateUpdated: now.toISOString(), validUntil: sim.later(12 * 3600_000), invoiceCount: 0,
          batch: {
            fileSize: body.batchFile.fileSize, fileHash: body.batchFile.fileHash, compressionType: body.batchFile.compressionType ?? 'Zip',
            parts: parts.map((p) => ({ ...p, uploaded: false })), offlineMode: body.offlineMode ?? false,
          },
        };
        sim.store.put('session', s.referenceNumber, s, { ctx: sim.contextKey(s.context) });
        const expires = new Date(now.getTime() + UPLOAD_WINDOW_PER_PART_MS * parts.length);
        return {
          status: 201,
          json: {
            referenceNumber: s.referenceNumber,
            partUploadRequests: parts.map((p) => ({
              ordinalNumber: p.ordinalNumber, method: 'PUT', url: sim.signedUrl(`/storage/batch/${s.referenceNumber}/${p.ordinalNumber}`, expires),
              headers: { 'x-ms-blob-type': 'BlockBlob' },
            })),
          },
        };
      },
    },
    {
      method: 'PUT', path: '/storage/batch/{referenceNumber}/{ordinalNumber}', auth: 'none', rate: 'none',
      maxBodyBytes: MAX_PART_PLAIN + 16,
      // The signature is checked before a byte of the part is read.
      precheck: (path, query) => {
        const verdict = sim.checkSignedUrl(path, query);
        if (verdict !== 'ok') throw new SimHttpError({ status: 403, detail: verdict === 'expired' ? 'Czas na przesłanie części minął.' : 'Nieprawidłowy podpis linku.', reasonCode: 'insufficient-resource-access' });
      },
      handler: (req) => {
        const s = sim.store.get<SessionRecord>('session', req.params.referenceNumber);
        const part = s?.batch?.parts.find((p) => String(p.ordinalNumber) === req.params.ordinalNumber);
        if (!s || !part || s.closedAt || s.final) throw new SimHttpError({ status: 403, detail: 'Przesyłanie tej części nie jest możliwe.', reasonCode: 'insufficient-resource-access' });
        sim.store.putBlob(`part:${s.referenceNumber}:${part.ordinalNumber}`, req.body);
        const parts = s.batch!.parts.map((p) => (p === part ? { ...p, uploaded: true } : p));
        sim.store.put('session', s.referenceNumber, { ...s, batch: { ...s.batch!, parts } }, { ctx: sim.contextKey(s.context) });
        return { status: 201 };
      },
    },
    {
      method: 'POST', path: '/v2/sessions/batch/{referenceNumber}/close', auth: 'access', anyOf: BATCH_WRITE, rate: 'batchSession',
      handler: (req) => {
        const { session: s, status } = currentSessionStatus(sim, callerSession(sim, req, 'Batch'));
        if (status.code !== 100 || s.closedAt) throw sessionStatusForbids(status.code, 'jej zamknięcie');
        for (const p of s.batch!.parts) {
          const blob = sim.store.getBlob(`part:${s.referenceNumber}:${p.ordinalNumber}`);
          if (!p.uploaded || !blob) throw SimHttpError.badRequest(21205, 'Pakiet nie może być pusty.', [`Nie przesłano zadeklarowanej '${p.ordinalNumber}' części pliku.`]);
          if (blob.length !== p.fileSize) throw SimHttpError.badRequest(21157, 'Nieprawidłowy rozmiar części pakietu.', [`Zadeklarowany rozmiar części '${p.ordinalNumber}' nie zgadza się z rzeczywistym.`]);
        }
        const closed = sim.store.put('session', s.referenceNumber, { ...s, closedAt: sim.now().toISOString(), dateUpdated: sim.now().toISOString() }, { ctx: sim.contextKey(s.context) });
        track(processBatch(sim, closed).catch((err: unknown) => {
          sim.logger?.error({ err }, 'batch processing failed');
          sim.store.put('session', s.referenceNumber, { ...closed, final: { status: { code: 500, description: 'Nieznany błąd (500)' }, readyAt: sim.now().toISOString(), upoPages: [] } }, { ctx: sim.contextKey(s.context) });
        }));
        return { status: 204 };
      },
    },
  );
}
