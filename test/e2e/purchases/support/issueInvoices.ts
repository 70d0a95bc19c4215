import type { KsefClient } from '../../../../core/ksef/KsefClient.js';
import { sampleWithOwnNumber, uniqueP2 } from '../../ksef/support/samples.js';
import { until } from '../../ksef/support/until.js';

/** The document for invoice number `p2`; the default is sample 1, whose buyer is NIP 1111111111. */
export type InvoiceBytes = (p2: string) => Uint8Array;

const sampleOne: InvoiceBytes = (p2) => sampleWithOwnNumber('FA_3_Przyklad_1.xml', p2);

/** The seller issues `count` invoices in one online session, each accepted by KSeF; returns KSeF number -> bytes. */
export async function issueInvoices(seller: KsefClient, count: number, prefix = 'PUR', build: InvoiceBytes = sampleOne): Promise<Map<string, Buffer>> {
  const session = await seller.openOnlineSession();
  const out = [];
  for (let i = 0; i < count; i++) {
    const xml = Buffer.from(build(uniqueP2(prefix)));
    out.push({ xml, ...(await seller.sendOnlineInvoice(session, xml)) });
  }
  await seller.closeOnlineSession(session);
  const sent = new Map<string, Buffer>();
  for (const o of out) {
    const st = await until(() => seller.getSessionInvoice(session.referenceNumber, o.invoiceReferenceNumber), (s) => s.status.code !== 100 && s.status.code !== 150);
    if (st.status.code !== 200) throw new Error(`invoice not accepted: ${JSON.stringify(st.status)}`);
    sent.set(st.ksefNumber!, o.xml);
  }
  return sent;
}
