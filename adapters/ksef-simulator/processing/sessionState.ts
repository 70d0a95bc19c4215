import { createHash } from 'node:crypto';
import { newReferenceNumber } from '../ids/SimIds.js';
import type { SimContext } from '../SimContext.js';
import type { AuthRecord, InvoiceRecord, SessionRecord, StatusInfo, UpoPage } from '../store/records.js';
import { buildUpo, type UpoDocument, type UpoInput } from '../upo/buildUpo.js';

const PAGE_SIZE = 10_000;
const BATCH_UPLOAD_WINDOW_MS = 12 * 3600_000;

export const SESSION_TEXT = {
  onlineOpen: { code: 100, description: 'Sesja interaktywna otwarta' },
  onlineClosed: { code: 170, description: 'Sesja interaktywna zamknięta' },
  onlineOk: { code: 200, description: 'Sesja interaktywna przetworzona pomyślnie' },
  batchOpen: { code: 100, description: 'Sesja wsadowa rozpoczęta' },
  batchProcessing: { code: 150, description: 'Trwa przetwarzanie' },
  batchOk: { code: 200, description: 'Sesja wsadowa przetworzona pomyślnie' },
  keyError: { code: 415, description: 'Błąd odszyfrowania dostarczonego klucza' },
  noValid: { code: 445, description: 'Błąd weryfikacji, brak poprawnych faktur' },
  cancelledEmpty: { code: 440, description: 'Sesja anulowana', details: ['Nie przesłano faktur'] },
  cancelledTimeout: { code: 440, description: 'Sesja anulowana', details: ['Przekroczono czas wysyłki'] },
} satisfies Record<string, StatusInfo>;

export function upoDocument(inv: InvoiceRecord): UpoDocument {
  return {
    sellerNip: inv.meta!.sellerNip, ksefNumber: inv.ksefNumber!, invoiceNumber: inv.invoiceNumber ?? '', issueDate: inv.meta!.issueDate,
    sentAt: inv.invoicingDate, acquisitionDate: inv.acquisitionDate!, invoiceHash: inv.invoiceHash, mode: inv.invoicingMode ?? 'Online',
  };
}

export function upoAuth(sim: SimContext, s: SessionRecord): UpoInput['auth'] {
  const auth = sim.store.get<AuthRecord>('auth', s.authRef);
  if (auth?.tokenRef) return { tokenRef: auth.tokenRef };
  return { documentHash: auth?.authDocumentHash ?? createHash('sha256').update(s.authRef).digest('base64') };
}

/**
 * Fixes the final state of a session whose invoices are all decided: 200 with UPO pages when one was accepted,
 * 445 when none, 440 when none was sent. Visible from `readyAt`.
 */
export function finalizeSession(sim: SimContext, s: SessionRecord, closedAt: Date, emptyStatus: StatusInfo = SESSION_TEXT.cancelledEmpty): SessionRecord {
  const invoices = sim.store.byCtx<InvoiceRecord>('invoice', s.referenceNumber);
  const lastReady = Math.max(closedAt.getTime() + sim.processingDelayMs(), ...invoices.map((i) => Date.parse(i.readyAt)));
  const accepted = invoices.filter((i) => i.status.code === 200);
  let status: StatusInfo;
  if (invoices.length === 0) status = emptyStatus;
  else if (accepted.length === 0) status = SESSION_TEXT.noValid;
  else status = s.type === 'Online' ? SESSION_TEXT.onlineOk : SESSION_TEXT.batchOk;
  const upoPages: UpoPage[] = [];
  const pages = Math.ceil(accepted.length / PAGE_SIZE);
  for (let p = 0; p < pages; p++) {
    const docs = accepted.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE).map(upoDocument);
    const xml = buildUpo({
      sessionRef: s.referenceNumber, context: s.context, auth: upoAuth(sim, s), formCode: s.formCode, documents: docs,
      page: { number: p + 1, pages, from: p * PAGE_SIZE + 1, to: p * PAGE_SIZE + docs.length + 1, total: accepted.length },
    });
    const ref = newReferenceNumber('EU', closedAt);
    sim.store.putBlob(`upo:${ref}`, Buffer.from(xml, 'utf8'));
    upoPages.push({ referenceNumber: ref, hash: createHash('sha256').update(xml, 'utf8').digest('base64') });
  }
  const updated: SessionRecord = {
    ...s, closedAt: closedAt.toISOString(), dateUpdated: new Date(lastReady).toISOString(),
    final: { status, readyAt: new Date(lastReady).toISOString(), upoPages },
  };
  return sim.store.put('session', s.referenceNumber, updated, { ctx: sim.contextKey(s.context) });
}

/** The session's status now, closing sessions whose time ran out (online 12 h, batch upload 12 h). */
export function currentSessionStatus(sim: SimContext, s: SessionRecord): { session: SessionRecord; status: StatusInfo } {
  if (s.keyError) return { session: s, status: SESSION_TEXT.keyError };
  if (!s.final && sim.isDue(s.validUntil) && s.type === 'Online') s = finalizeSession(sim, s, new Date(s.validUntil));
  if (!s.final && s.type === 'Batch' && sim.now().getTime() > Date.parse(s.dateCreated) + BATCH_UPLOAD_WINDOW_MS) {
    s = sim.store.put('session', s.referenceNumber, { ...s, final: { status: SESSION_TEXT.cancelledTimeout, readyAt: s.validUntil, upoPages: [] } }, { ctx: sim.contextKey(s.context) });
  }
  if (!s.final) return { session: s, status: s.type === 'Online' ? SESSION_TEXT.onlineOpen : s.closedAt ? SESSION_TEXT.batchProcessing : SESSION_TEXT.batchOpen };
  if (sim.isDue(s.final.readyAt)) return { session: s, status: s.final.status };
  return { session: s, status: s.type === 'Online' ? SESSION_TEXT.onlineClosed : SESSION_TEXT.batchProcessing };
}
