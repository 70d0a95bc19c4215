import { newKsefNumber, newReferenceNumber } from '../ids/SimIds.js';
import type { SimContext } from '../SimContext.js';
import type { DupKeyRecord, InvoiceRecord, SessionRecord, StatusInfo } from '../store/records.js';
import { warsawDay } from './InvoiceChecker.js';
import { recordSubmission } from './recordSubmission.js';

export interface IncomingInvoice {
  xml: Buffer;
  invoiceHash: string;
  ordinalNumber: number;
  /** Online: the send time; batch: the session's open time (PROTOCOL.md §6.10). */
  invoicingDate: Date;
  offlineMode: boolean;
  fileName?: string;
  hashOfCorrectedInvoice?: string;
}

const OK: StatusInfo = { code: 200, description: 'Sukces' };

/**
 * Decides an invoice's outcome now and makes it visible after the processing delay: file checks, XSD and
 * semantics, seller = context, duplicate (seller NIP, RodzajFaktury, P_2) -> 440, then the KSeF number.
 */
export function processInvoice(sim: SimContext, session: SessionRecord, inv: IncomingInvoice): InvoiceRecord {
  const now = sim.now();
  const readyAt = sim.later(sim.processingDelayMs());
  const base: InvoiceRecord = {
    referenceNumber: newReferenceNumber('EE', now),
    sessionRef: session.referenceNumber,
    ordinalNumber: inv.ordinalNumber,
    invoiceHash: inv.invoiceHash,
    invoiceFileName: inv.fileName,
    invoicingDate: inv.invoicingDate.toISOString(),
    sentAt: now.toISOString(),
    readyAt,
    status: OK,
    hashOfCorrectedInvoice: inv.hashOfCorrectedInvoice,
  };
  const subject = sim.subject(session.context.value);
  const checked = sim.checker.check({ xml: inv.xml, attachmentsAllowed: subject.attachmentsEnabled && session.type === 'Batch', now, formCode: session.formCode });
  return sim.store.transaction(() => {
    const save = (rec: InvoiceRecord): InvoiceRecord => {
      recordSubmission(sim, session, rec, checked.ok ? checked.meta.sellerNip : undefined);
      sim.store.put('invhash', `${session.context.value}|${rec.invoiceHash}`, { invoiceRef: rec.referenceNumber });
      if (rec.hashOfCorrectedInvoice && rec.status.code === 200) sim.store.put('correction', `${session.context.value}|${rec.hashOfCorrectedInvoice}`, { invoiceRef: rec.referenceNumber });
      return sim.store.put('invoice', rec.referenceNumber, rec, { ctx: rec.sessionRef, k2: rec.ksefNumber });
    };
    if (!checked.ok) return save({ ...base, invoiceNumber: checked.invoiceNumber, status: checked.status });
    const { meta, invoiceNumber } = checked;
    if (meta.sellerNip !== session.context.value) {
      return save({ ...base, invoiceNumber, status: { code: 410, description: 'Nieprawidłowy zakres uprawnień',
        details: [`Podmiot ${session.context.value} nie ma uprawnień do wystawienia faktury sprzedawcy ${meta.sellerNip}.`] } });
    }
    const dupId = `${meta.sellerNip}|${meta.invoiceType}|${invoiceNumber}`;
    const original = sim.store.get<DupKeyRecord>('dupkey', dupId);
    if (original) {
      return save({ ...base, invoiceNumber, status: {
        code: 440, description: 'Duplikat faktury',
        details: [`Duplikat faktury. Faktura o numerze KSeF: ${original.ksefNumber} została już prawidłowo przesłana do systemu w sesji: ${original.sessionRef}`],
        extensions: { originalSessionReferenceNumber: original.sessionRef, originalKsefNumber: original.ksefNumber },
      } });
    }
    const ksefNumber = newKsefNumber(meta.sellerNip, new Date(readyAt));
    const offline = inv.offlineMode || meta.issueDate < warsawDay(inv.invoicingDate);
    sim.store.put<DupKeyRecord>('dupkey', dupId, { ksefNumber, sessionRef: session.referenceNumber, invoiceRef: base.referenceNumber, hash: inv.invoiceHash }, { k2: meta.sellerNip });
    sim.store.putBlob(`invoice:${ksefNumber}`, inv.xml);
    return save({
      ...base, invoiceNumber, ksefNumber, meta,
      acquisitionDate: readyAt,
      permanentStorageDate: sim.permanentStorageDate(Date.parse(readyAt) + 1),
      invoicingMode: offline ? 'Offline' : 'Online',
    });
  });
}

/**
 * Technical correction (PROTOCOL.md §6.10): refused when the corrected original was accepted (21167) or already has
 * an accepted correction (21166). An original unknown to the simulator is let through.
 */
export function technicalCorrectionError(sim: SimContext, contextNip: string, hashOfCorrected: string): { code: 21166 | 21167; description: string; detail: string } | undefined {
  if (sim.store.get('correction', `${contextNip}|${hashOfCorrected}`)) {
    return { code: 21166, description: 'Korekta techniczna niedostępna.', detail: 'Faktura posiada już przetworzoną prawidłowo korektę techniczną.' };
  }
  const ref = sim.store.get<{ invoiceRef: string }>('invhash', `${contextNip}|${hashOfCorrected}`)?.invoiceRef;
  const original = ref ? sim.store.get<InvoiceRecord>('invoice', ref) : undefined;
  if (original?.status.code === 200) {
    return { code: 21167, description: 'Status faktury nie pozwala na korektę techniczną.', detail: 'Nie można wysłać korekty technicznej do prawidłowo przetworzonej faktury.' };
  }
  return undefined;
}

/** The status a client sees now: 100, then 150, then the decided one (PROTOCOL.md §6.5). */
export function visibleInvoiceStatus(sim: SimContext, inv: InvoiceRecord): StatusInfo {
  if (sim.isDue(inv.readyAt)) return inv.status;
  const half = (Date.parse(inv.sentAt) + Date.parse(inv.readyAt)) / 2;
  return sim.now().getTime() < half
    ? { code: 100, description: 'Faktura przyjęta do dalszego przetwarzania' }
    : { code: 150, description: 'Trwa przetwarzanie' };
}
