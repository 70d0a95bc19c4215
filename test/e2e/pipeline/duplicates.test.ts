import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { harness, removeDir, untilTrue, type Harness } from '../../support/pipeline/harness.js';

const NIP = '9999999999';
let sim: RunningSimulator;
let h: Harness;
beforeAll(async () => { sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20 }); });
afterAll(async () => { await sim.close(); });
afterEach(async () => {
  sim.setFaults({});
  await h.close();
  removeDir(h.dir);
});

/** Sends `xml` to KSeF outside the gateway (another system of the company, or `send`) and returns where it landed. */
async function sendElsewhere(xml: string): Promise<{ sessionRef: string; ksefNumber: string }> {
  const client = new KsefClient({ baseUrl: sim.baseUrl, contextNip: NIP, authPollIntervalMs: 20,
    auth: new KsefTokenAuth(sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] }).token) });
  try {
    const session = await client.openOnlineSession();
    const sent = await client.sendOnlineInvoice(session, new TextEncoder().encode(xml));
    let ksefNumber: string | null | undefined;
    await untilTrue(async () => {
      ksefNumber = (await client.getSessionInvoice(session.referenceNumber, sent.invoiceReferenceNumber)).ksefNumber;
      return !!ksefNumber;
    });
    await client.closeOnlineSession(session);
    return { sessionRef: session.referenceNumber, ksefNumber: ksefNumber! };
  } finally {
    await client.close();
  }
}

describe('a duplicate (440) whose original the session list cannot show', () => {
  it('is resolved through KSeF by the original\'s hash, accepted under the original\'s KSeF number, never reported rejected', async () => {
    const xml = invoiceXml({ sellerNip: NIP, number: `DUP/${process.pid}/${Date.now()}` });
    const original = await sendElsewhere(xml);
    // The original's session cannot be listed (KSeF failing there): only the invoice itself can prove it is ours.
    sim.setFaults({ serverErrorRate: 1, match: new RegExp(`/sessions/${original.sessionRef}/invoices$`) });
    h = harness(sim.baseUrl);
    await h.addToken(NIP, sim.createToken({ nip: NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] }).token);
    const r = await h.submissions.submit('erp', { erpId: `ERP-${original.ksefNumber}`, urgent: true, payload: { format: 'fa3-xml', xml } });
    await h.pipeline.start();
    await untilTrue(() => h.outcomes.some((o) => o.documentId === r.documentId), 30_000);
    const outcome = h.outcomes.find((o) => o.documentId === r.documentId);
    expect(outcome).toMatchObject({ kind: 'accepted', ksefNumber: original.ksefNumber });
    expect(outcome?.kind === 'accepted' && outcome.upoXml).toContain(original.ksefNumber);
  });

  it('stays unverified, not rejected, while KSeF can show neither the list nor the original, and is accepted once it can', async () => {
    const xml = invoiceXml({ sellerNip: NIP, number: `DUP/${process.pid}/${Date.now()}/b` });
    const original = await sendElsewhere(xml);
    sim.setFaults({ serverErrorRate: 1, match: new RegExp(`(/sessions/${original.sessionRef}/invoices$)|(/invoices/ksef/${original.ksefNumber}$)`) });
    h = harness(sim.baseUrl);
    await h.addToken(NIP, sim.createToken({ nip: NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] }).token);
    const r = await h.submissions.submit('erp', { erpId: `ERP-${original.ksefNumber}-b`, urgent: true, payload: { format: 'fa3-xml', xml } });
    await h.pipeline.start();
    await untilTrue(async () => (await h.store.get(r.documentId))?.state === 'sent', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await h.store.get(r.documentId))?.state).toBe('sent');
    expect(h.outcomes.filter((o) => o.documentId === r.documentId)).toEqual([]);
    sim.setFaults({});
    await untilTrue(() => h.outcomes.some((o) => o.documentId === r.documentId), 30_000);
    expect(h.outcomes.find((o) => o.documentId === r.documentId)).toMatchObject({ kind: 'accepted', ksefNumber: original.ksefNumber });
  });
});
