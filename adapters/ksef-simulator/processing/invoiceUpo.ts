import type { SimContext } from '../SimContext.js';
import type { InvoiceRecord, SessionRecord } from '../store/records.js';
import { buildUpo } from '../upo/buildUpo.js';
import { upoAuth, upoDocument } from './sessionState.js';

/** The UPO of one accepted invoice, built once and then served byte for byte. */
export function invoiceUpo(sim: SimContext, s: SessionRecord, inv: InvoiceRecord): Buffer {
  const id = `upo:inv:${inv.referenceNumber}`;
  const stored = sim.store.getBlob(id);
  if (stored) return stored;
  const xml = Buffer.from(buildUpo({
    sessionRef: s.referenceNumber, context: s.context, auth: upoAuth(sim, s), formCode: s.formCode, documents: [upoDocument(inv)],
  }), 'utf8');
  sim.store.putBlob(id, xml);
  return xml;
}
