import { createHash } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { harness, removeDir, untilTrue, type Harness } from '../../support/pipeline/harness.js';
import { eachDocument, ksefEvidence } from '../../support/ksefEvidence.js';

const NIP = '9999999999';
let sim: RunningSimulator;
let h: Harness;
let seq = 0;
const doc = (urgent = false, number = `PIPE/${process.pid}/${Date.now()}/${++seq}`) =>
  ({ erpId: `ERP-${number}`, urgent, payload: { format: 'fa3-xml' as const, xml: invoiceXml({ sellerNip: NIP, number }) } });

beforeAll(async () => {
  sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20 });
});
afterAll(async () => { await sim.close(); });
beforeEach(async () => {
  h = harness(sim.baseUrl);
  await h.addToken(NIP, sim.createToken({ nip: NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] }).token);
});
afterEach(async () => {
  await h.close();
  removeDir(h.dir);
});

const numbersOf = (docs: readonly ReturnType<typeof doc>[]) => docs.map((d) => d.erpId.replace(/^ERP-/, ''));
const delivered = async (n: number) => (await h.store.countsByState()).filter((c) => c.state === 'delivered').reduce((a, c) => a + c.count, 0) === n;

describe('pipeline end to end through the simulator', () => {
  it('sends urgent documents online and delivers accepted outcomes with KSeF number, UPO and KOD I link', async () => {
    const held = sim.invoicesHeld(NIP);
    const docs = [doc(true), doc(true), doc(true)];
    const receipts = await Promise.all(docs.map((d) => h.submissions.submit('erp', d)));
    expect(receipts.map((r) => r.state)).toEqual(['queued', 'queued', 'queued']);
    await h.pipeline.start();
    await untilTrue(() => delivered(3));
    expect(ksefEvidence(sim, NIP, numbersOf(docs))).toEqual(eachDocument(numbersOf(docs)));
    expect(sim.invoicesHeld(NIP) - held).toBe(3);
    for (const [i, r] of receipts.entries()) {
      const o = h.outcomes.find((x) => x.documentId === r.documentId);
      if (o?.kind !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(o)}`);
      const hash = createHash('sha256').update(docs[i].payload.xml).digest('base64');
      expect(o.invoiceHash).toBe(hash);
      expect(o.upoXml).toContain(o.ksefNumber);
      expect(o.verificationUrl).toBe(`https://qr-test.ksef.mf.gov.pl/invoice/${NIP}/15-02-2026/${Buffer.from(hash, 'base64').toString('base64url')}`);
      expect((await h.queries.upo(r.documentId)).toString('utf8')).toBe(o.upoXml);
    }
    // The live online session is closed once idle; then its session UPO is fetched.
    await untilTrue(async () => (await h.store.listSessions(['processed'])).length >= 1);
    const sessions = await h.store.listSessions(['processed']);
    expect(sessions.every((s) => s.kind === 'online' && s.upoPages !== undefined)).toBe(true);
    const page = await h.store.getSessionUpo(sessions[0].ref, 1);
    expect(page?.toString('utf8')).toContain(sessions[0].ref);
  });

  it('sends volume by batch and delivers every outcome once', async () => {
    const held = sim.invoicesHeld(NIP);
    const docs = Array.from({ length: 60 }, () => doc());
    for (const d of docs) await h.submissions.submit('erp', d);
    await h.pipeline.start();
    await untilTrue(() => delivered(60));
    expect(ksefEvidence(sim, NIP, numbersOf(docs))).toEqual(eachDocument(numbersOf(docs)));
    expect(sim.invoicesHeld(NIP) - held).toBe(60);
    expect(new Set(h.outcomes.map((o) => o.documentId)).size).toBe(60);
    expect(h.outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    await untilTrue(async () => (await h.store.listSessions(['processed'])).some((s) => s.kind === 'batch' && s.upoPages !== undefined));
  });

  it('never creates a second KSeF invoice for a resubmitted ERP id', async () => {
    const d = doc(true);
    const first = await h.submissions.submit('erp', d);
    await h.pipeline.start();
    await untilTrue(() => delivered(1));
    const held = sim.invoicesHeld(NIP);
    const again = await h.submissions.submit('erp', d);
    expect(again).toMatchObject({ documentId: first.documentId, duplicate: true, state: 'delivered' });
    await new Promise((r) => setTimeout(r, 200));
    expect(ksefEvidence(sim, NIP, numbersOf([d]))).toEqual(eachDocument(numbersOf([d])));
    expect(sim.invoicesHeld(NIP)).toBe(held);
  });

  it('delivers a rejection with KSeF codes for an invoice KSeF refuses', async () => {
    const bad = doc(true);
    const xml = bad.payload.xml.replace(/<P_1M>[^<]*<\/P_1M>/, '<P_1M>Warszawa</P_1M><Bogus>1</Bogus>');
    const r = await h.submissions.submit('erp', { ...bad, payload: { format: 'fa3-xml', xml } });
    await h.pipeline.start();
    await untilTrue(() => delivered(1));
    const o = h.outcomes.find((x) => x.documentId === r.documentId);
    expect(o?.kind).toBe('rejected');
    if (o?.kind === 'rejected') expect(o.errors[0].code).toBe('450');
    expect(h.events.filter((e) => e.type === 'document-rejected')).toEqual([expect.objectContaining({
      documentId: r.documentId, erpId: bad.erpId, contextNip: NIP, codes: ['450'] })]);
    expect(ksefEvidence(sim, NIP, numbersOf([bad]))).toEqual(eachDocument(numbersOf([bad]), { received: 1, held: 0 }));
  });

  it('stops cleanly mid-send: in-flight sends finish, the live session is closed, a restart finishes the rest', async () => {
    const held = sim.invoicesHeld(NIP);
    sim.setFaults({ match: /\/invoices$/, latencyMs: 80 });
    const docs = Array.from({ length: 8 }, () => doc(true));
    for (const d of docs) await h.submissions.submit('erp', d);
    await h.pipeline.start();
    await untilTrue(async () => (await h.store.countsByState()).some((c) => c.state === 'sending' || c.state === 'sent'));
    await h.pipeline.stop();
    sim.setFaults({});
    const states = (await h.store.countsByState()).map((c) => c.state);
    expect(states).not.toContain('received');
    expect(await h.store.listSessions(['open'])).toEqual([]);
    await h.pipeline.start();
    await untilTrue(() => delivered(8));
    await sim.whenIdle();
    expect(ksefEvidence(sim, NIP, numbersOf(docs))).toEqual(eachDocument(numbersOf(docs)));
    expect(sim.invoicesHeld(NIP) - held).toBe(8);
  });

  it('answers status, outcome, UPO and retry queries for the CLI', async () => {
    const ok = await h.submissions.submit('erp', doc(true));
    const bad = await h.submissions.submit('erp', { erpId: 'BROKEN', payload: { format: 'fa3-xml', xml: '<Faktura/>' } });
    await h.pipeline.start();
    await untilTrue(() => delivered(1));
    const status = await h.queries.status();
    expect(status.counts).toEqual(expect.arrayContaining([{ contextNip: NIP, state: 'delivered', count: 1 }, { contextNip: null, state: 'invalid', count: 1 }]));
    expect(status.latestErrors[0]).toMatchObject({ id: bad.documentId, erpId: 'BROKEN', state: 'invalid' });
    expect(status.credentials).toEqual([expect.objectContaining({ contextNip: NIP, status: 'active' })]);
    expect(JSON.stringify(status)).not.toMatch(/token"?:/i);
    const outcome = await h.queries.outcome(ok.documentId);
    expect(outcome?.kind).toBe('accepted');
    expect((await h.queries.upo(ok.documentId)).toString('utf8')).toContain(outcome?.kind === 'accepted' ? outcome.ksefNumber : 'x');
    await expect(h.queries.upo(bad.documentId)).rejects.toThrow(/has no UPO/);
    await expect(h.queries.retry(bad.documentId)).rejects.toThrow(/refused at intake/);
    await expect(h.queries.retry(ok.documentId)).resolves.toMatchObject({ id: ok.documentId, deliveryAttempts: 0 });
    await expect(h.queries.document('nope')).rejects.toThrow(/No document nope/);
  });

  it('retries a delivery until the plugin acknowledges it', async () => {
    h.refuseDeliveries = true;
    await h.submissions.submit('erp', doc(true));
    await h.pipeline.start();
    await untilTrue(async () => (await h.store.countsByState()).some((c) => c.state === 'accepted'));
    await untilTrue(async () => ((await h.store.dueDeliveries(Number.MAX_SAFE_INTEGER, 1))[0]?.deliveryAttempts ?? 0) >= 2);
    expect(h.outcomes).toHaveLength(0);
    h.refuseDeliveries = false;
    await untilTrue(() => delivered(1));
    expect(h.outcomes).toHaveLength(1);
  });
});
