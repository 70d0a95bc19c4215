import { startSimulator, type RunningSimulator, type RateLimitTable } from '../../../adapters/ksef-simulator/startSimulator.js';
import { PRODUCTION_LIMITS } from '../../../adapters/ksef-simulator/limits/RateLimitTable.js';
import { noopMetrics, type PipelineMetrics } from '../../../core/pipeline/ports/PipelineMetrics.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { harness, removeDir, untilTrue, type Harness } from '../../support/pipeline/harness.js';
import { ALL_SESSION_STATES, eachDocument, expectedAfterLostBatchCloses, ksefEvidence } from '../../support/ksefEvidence.js';

const NIP = '9999999999';
let seq = 0;
const doc = (tag: string, urgent = true) => {
  const number = `${tag}/${process.pid}/${Date.now()}/${++seq}`;
  return { erpId: number, urgent, payload: { format: 'fa3-xml' as const, xml: invoiceXml({ sellerNip: NIP, number }) } };
};

/** Runs the documents through and returns KSeF's record of them, with what the gateway's store knows of its sessions. */
async function run(sim: RunningSimulator, h: Harness, docs: ReturnType<typeof doc>[]) {
  await h.addToken(NIP, sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] }).token);
  const held = sim.invoicesHeld(NIP);
  for (const d of docs) await h.submissions.submit('erp', d);
  await h.pipeline.start();
  await untilTrue(async () => (await h.store.countsByState()).every((c) => c.state === 'delivered'), 60_000);
  await sim.whenIdle();
  // Every document accepted; KSeF holds each once.
  expect(h.outcomes.filter((o) => o.kind === 'accepted')).toHaveLength(docs.length);
  expect(new Set(h.outcomes.map((o) => o.kind === 'accepted' && o.ksefNumber)).size).toBe(docs.length);
  expect(sim.invoicesHeld(NIP) - held).toBe(docs.length);
  const numbers = docs.map((d) => d.erpId);
  const known = new Set((await h.store.listSessions(ALL_SESSION_STATES)).map((s) => s.ref));
  return { numbers, evidence: ksefEvidence(sim, NIP, numbers), known };
}

describe('pipeline under KSeF faults', () => {
  let sim: RunningSimulator;
  let h: Harness;
  afterEach(async () => {
    await h.close();
    removeDir(h.dir);
    await sim.close();
  });

  it('accepts every invoice exactly once when sends fail with 500 or lose their answer', async () => {
    sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20, rateLimits: 'off',
      faults: { match: /\/sessions\/online\/[^/]+\/invoices$/, serverErrorRate: 0.2, lostResponseRate: 0.2 } });
    h = harness(sim.baseUrl);
    const { numbers, evidence } = await run(sim, h, Array.from({ length: 25 }, () => doc('FAULT5XX')));
    // A send whose answer was lost is resolved from the session's invoice list, never sent again.
    expect(evidence).toEqual(eachDocument(numbers));
  });

  it('accepts every invoice exactly once when batch opens, uploads and closes fail', async () => {
    sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20, rateLimits: 'off',
      faults: { match: /\/(sessions|storage)\/batch/, serverErrorRate: 0.3, lostResponseRate: 0.3 } });
    h = harness(sim.baseUrl);
    const { numbers, evidence, known } = await run(sim, h, Array.from({ length: 80 }, () => doc('FAULTBATCH', false)));
    // A batch whose close answer was lost is settled by KSeF's status for it; only one KSeF could not account for
    // would be sent again (answered 440, resolved by hash): one extra submission per such batch, and no other.
    expect(evidence).toEqual(expectedAfterLostBatchCloses(sim, NIP, numbers, known));
  });

  it('polls a batch whose close answer was lost, and sends none of it again', async () => {
    sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20, rateLimits: 'off',
      faults: { match: /^\/v2\/sessions\/batch\/[^/]+\/close$/, lostResponseRate: 1 } });
    h = harness(sim.baseUrl);
    // 60 waiting invoices: above the 50 that go online, so they go as one batch.
    const { numbers, evidence } = await run(sim, h, Array.from({ length: 60 }, () => doc('LOSTCLOSE', false)));
    const lostCloses = sim.requestsReceived().filter((r) => r.fault === 'lose-response' && r.path.endsWith('/close'));
    expect(lostCloses.length).toBeGreaterThan(0);
    expect(evidence).toEqual(eachDocument(numbers));
  });

  it('keeps a document KSeF never took queued through more failed sends than the attempt limit, and sends it once KSeF answers', async () => {
    // Every send answered 500 before KSeF looked at it: each session ends cancelled (440, no invoices). That says
    // nothing against the document, so it must not spend the attempts that end in GW_PIPELINE_GAVE_UP.
    sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20, rateLimits: 'off',
      faults: { match: /^\/v2\/sessions\/online\/[^/]+\/invoices$/, serverErrorRate: 1 } });
    h = harness(sim.baseUrl);
    await h.addToken(NIP, sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] }).token);
    const d = doc('NEVERTAKEN');
    await h.submissions.submit('erp', d);
    await h.pipeline.start();
    const failedSends = () => sim.requestsReceived().filter((r) => r.fault === 'error' && r.path.endsWith('/invoices')).length;
    await untilTrue(() => failedSends() >= 7 || h.outcomes.length > 0, 60_000);
    expect(h.outcomes).toEqual([]);
    sim.setFaults({});
    await untilTrue(() => h.outcomes.length > 0, 60_000);
    expect(h.outcomes).toEqual([expect.objectContaining({ kind: 'accepted', erpId: d.erpId })]);
    await sim.whenIdle();
    expect(ksefEvidence(sim, NIP, [d.erpId])).toEqual(eachDocument([d.erpId]));
  });

  it('rides out 429s from KSeF when the client does not limit itself', async () => {
    const tight: RateLimitTable = { ...PRODUCTION_LIMITS, invoiceSend: { perSecond: 2, perMinute: 200, perHour: 2000 } };
    sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20, rateLimits: tight });
    h = harness(sim.baseUrl, { rateLimits: 'off' });
    const { numbers, evidence } = await run(sim, h, Array.from({ length: 8 }, () => doc('R429')));
    expect(evidence).toEqual(eachDocument(numbers));
  });

  it('never trips a 429 under sustained load when the client limits itself to the same table', async () => {
    const table: RateLimitTable = { ...PRODUCTION_LIMITS, invoiceSend: { perSecond: 4, perMinute: 240, perHour: 2400 },
      sessionMisc: { perSecond: 50, perMinute: 3000, perHour: 30000 }, sessionInvoiceList: { perSecond: 50, perMinute: 3000, perHour: 30000 } };
    sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20, rateLimits: table });
    const limited: string[] = [];
    const metrics: PipelineMetrics = { ...noopMetrics, rateLimited: (nip) => limited.push(nip),
      ksefLatency: (op, _ms, ok) => { if (!ok) limited.push(op); } };
    const { public: _p, ...groups } = table;
    h = harness(sim.baseUrl, { rateLimits: groups, metrics });
    const { numbers, evidence } = await run(sim, h, Array.from({ length: 12 }, () => doc('SUSTAIN')));
    expect(evidence).toEqual(eachDocument(numbers));
    expect(limited).toEqual([]);
  });
});
