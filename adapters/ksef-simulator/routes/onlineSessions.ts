import { z } from 'zod';
import { aesDecrypt, decodeBase64, sha256b64 } from '../crypto/simCrypto.js';
import { newReferenceNumber } from '../ids/SimIds.js';
import { parseBody } from '../http/parseBody.js';
import type { Router } from '../http/Router.js';
import { SimHttpError } from '../http/SimHttpError.js';
import { processInvoice, technicalCorrectionError } from '../processing/processInvoice.js';
import { recordSubmission } from '../processing/recordSubmission.js';
import { currentSessionStatus, finalizeSession } from '../processing/sessionState.js';
import type { SimContext } from '../SimContext.js';
import type { InvoiceRecord, SessionRecord } from '../store/records.js';
import { assertSupportedForm, callerSession, encryptionInfo, formCodeSchema, sessionStatusForbids, unwrapSessionKey, WRITE } from './sessionAccess.js';

const ONLINE_LIFETIME_MS = 12 * 3600_000;
const MAX_INVOICES = 10_000;
const hash44 = z.string().length(44);
const openRequest = z.object({ formCode: formCodeSchema, encryption: encryptionInfo });
const sendRequest = z.object({
  invoiceHash: hash44,
  invoiceSize: z.number().int().min(1),
  encryptedInvoiceHash: hash44,
  encryptedInvoiceSize: z.number().int().min(1),
  encryptedInvoiceContent: z.string().min(1),
  offlineMode: z.boolean().nullish(),
  hashOfCorrectedInvoice: hash44.nullish(),
});

const sizeError = (): SimHttpError => SimHttpError.badRequest(21402, 'Nieprawidłowy rozmiar pliku.', ['Długość treści nie zgadza się z rozmiarem pliku.']);
const hashError = (): SimHttpError => SimHttpError.badRequest(21403, 'Nieprawidłowy skrót pliku.', ['Skrót treści nie zgadza się ze skrótem pliku.']);

export function register(router: Router, sim: SimContext): void {
  router.add(
    {
      method: 'POST', path: '/v2/sessions/online', auth: 'access', anyOf: WRITE, rate: 'onlineSession',
      handler: (req) => {
        const body = parseBody(req, openRequest);
        assertSupportedForm(body.formCode);
        const key = unwrapSessionKey(sim, body.encryption);
        const now = sim.now();
        const c = req.caller!;
        const s: SessionRecord = {
          referenceNumber: newReferenceNumber('SO', now), type: 'Online',
          context: { type: c.contextType as 'Nip', value: c.contextValue }, authRef: c.authRef, formCode: body.formCode,
          ...key, dateCreated: now.toISOString(), dateUpdated: now.toISOString(), validUntil: sim.later(ONLINE_LIFETIME_MS), invoiceCount: 0,
        };
        sim.store.put('session', s.referenceNumber, s, { ctx: sim.contextKey(s.context) });
        return { status: 201, json: { referenceNumber: s.referenceNumber, validUntil: s.validUntil } };
      },
    },
    {
      method: 'POST', path: '/v2/sessions/online/{referenceNumber}/invoices', auth: 'access', anyOf: WRITE, rate: 'invoiceSend',
      handler: (req) => {
        const { session: s, status } = currentSessionStatus(sim, callerSession(sim, req, 'Online'));
        const body = parseBody(req, sendRequest);
        if (status.code !== 100) throw sessionStatusForbids(status.code, 'wysyłkę faktur');
        if (s.invoiceCount >= MAX_INVOICES) {
          throw SimHttpError.badRequest(21155, 'Przekroczono dozwoloną liczbę faktur w sesji.', [`Sesja o numerze referencyjnym ${s.referenceNumber} osiągnęła dozwolony limit liczby faktur ${MAX_INVOICES}.`]);
        }
        if (body.hashOfCorrectedInvoice) {
          const refused = technicalCorrectionError(sim, s.context.value, body.hashOfCorrectedInvoice);
          if (refused) throw SimHttpError.badRequest(refused.code, refused.description, [refused.detail]);
        }
        const encrypted = decodeBase64(body.encryptedInvoiceContent);
        if (!encrypted) throw SimHttpError.invalid('encryptedInvoiceContent: oczekiwano Base64.');
        if (encrypted.length !== body.encryptedInvoiceSize) throw sizeError();
        if (sha256b64(encrypted) !== body.encryptedInvoiceHash) throw hashError();
        let xml: Buffer | undefined;
        try {
          xml = aesDecrypt(Buffer.from(s.aesKey!, 'base64'), Buffer.from(s.iv, 'base64'), encrypted);
        } catch {
          xml = undefined;
        }
        if (xml && xml.length !== body.invoiceSize) throw sizeError();
        if (xml && sha256b64(xml) !== body.invoiceHash) throw hashError();
        const ordinalNumber = s.invoiceCount + 1;
        sim.store.put('session', s.referenceNumber, { ...s, invoiceCount: ordinalNumber, dateUpdated: sim.now().toISOString() }, { ctx: sim.contextKey(s.context) });
        let inv: InvoiceRecord;
        if (!xml) {
          const now = sim.now();
          const undecryptable: InvoiceRecord = {
            referenceNumber: newReferenceNumber('EE', now), sessionRef: s.referenceNumber, ordinalNumber, invoiceHash: body.invoiceHash,
            invoicingDate: now.toISOString(), sentAt: now.toISOString(), readyAt: sim.later(sim.processingDelayMs()),
            status: { code: 435, description: 'Błąd odszyfrowania pliku' },
          };
          inv = sim.store.transaction(() => {
            recordSubmission(sim, s, undecryptable);
            return sim.store.put('invoice', undecryptable.referenceNumber, undecryptable, { ctx: s.referenceNumber });
          });
        } else {
          inv = processInvoice(sim, s, {
            xml, invoiceHash: body.invoiceHash, ordinalNumber, invoicingDate: sim.now(), offlineMode: body.offlineMode ?? false,
            hashOfCorrectedInvoice: body.hashOfCorrectedInvoice ?? undefined,
          });
        }
        return { status: 202, json: { referenceNumber: inv.referenceNumber } };
      },
    },
    {
      method: 'POST', path: '/v2/sessions/online/{referenceNumber}/close', auth: 'access', anyOf: WRITE, rate: 'onlineSession',
      handler: (req) => {
        const { session: s, status } = currentSessionStatus(sim, callerSession(sim, req, 'Online'));
        if (status.code !== 100) throw sessionStatusForbids(status.code, 'jej zamknięcie');
        finalizeSession(sim, s, sim.now());
        return { status: 204 };
      },
    },
  );
}
