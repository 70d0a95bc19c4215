import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { harness, removeDir, untilTrue, type Harness } from '../../support/pipeline/harness.js';

// Production limits on both sides: the simulator's (KSeF's published table) and the client's own.
const A = '9999999999';
const B = '5265877635';
let sim: RunningSimulator;
let h: Harness;
let seq = 0;
const doc = (nip: string) => {
  const number = `RL/${process.pid}/${Date.now()}/${++seq}`;
  return { erpId: `ERP-${number}`, urgent: true, payload: { format: 'fa3-xml' as const, xml: invoiceXml({ sellerNip: nip, number }) } };
};

beforeAll(async () => {
  sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20, rateLimits: 'production' });
});
afterAll(async () => { await sim.close(); });
afterEach(async () => {
  await h.close();
  removeDir(h.dir);
});

describe('scheduling under KSeF rate limits', () => {
  it('gets an urgent invoice of one context its KSeF number within seconds while another context is past its send limit, and stops at once', async () => {
    h = harness(sim.baseUrl, { rateLimits: 'default', options: { tickMs: 50, onlineIdleCloseMs: 60_000, batchMaxWaitMs: 60_000 } });
    await h.addToken(A, sim.createToken({ nip: A, permissions: ['InvoiceWrite', 'InvoiceRead'] }).token);
    await h.addToken(B, sim.createToken({ nip: B, permissions: ['InvoiceWrite', 'InvoiceRead'] }).token);
    // 40 urgent invoices for A: more than its 30 sends a minute.
    const ofA: { documentId: string }[] = [];
    for (let i = 0; i < 40; i++) ofA.push(await h.submissions.submit('erp', doc(A)));
    await h.pipeline.start();
    const started = Date.now();
    const ofB = await h.submissions.submit('erp', doc(B));
    await untilTrue(() => h.outcomes.some((o) => o.documentId === ofB.documentId), 60_000);
    const bAfter = Date.now() - started;
    await untilTrue(() => h.outcomes.some((o) => ofA.some((a) => a.documentId === o.documentId)), 60_000);
    const aAfter = Date.now() - started;
    expect(h.outcomes.find((o) => o.documentId === ofB.documentId)?.kind).toBe('accepted');
    expect(bAfter).toBeLessThan(15_000);
    expect(aAfter).toBeLessThan(15_000);
    // What did not fit in A's minute waits in the queue, untried, rather than in a sleeping round.
    const states = await Promise.all(ofA.map(async (a) => (await h.store.get(a.documentId))!));
    const waiting = states.filter((s) => s.state === 'queued');
    expect(waiting.length).toBeGreaterThanOrEqual(5);
    expect(waiting.every((s) => s.attempts === 0)).toBe(true);
    const stopping = Date.now();
    await h.pipeline.stop();
    expect(Date.now() - stopping).toBeLessThan(5_000);
  }, 120_000);

  it('sends online what waits while the hour\'s batch sessions are spent, instead of holding it for up to an hour', async () => {
    // One batch an hour (open and close are two requests), on KSeF's side and in the gateway's table alike.
    const batchSession = { perSecond: 10, perMinute: 20, perHour: 2 };
    sim.setRateLimits({ batchSession } as never);
    try {
      h = harness(sim.baseUrl, { rateLimits: { batchSession }, options: { tickMs: 50, onlineBelow: 0, batchMaxWaitMs: 200, onlineIdleCloseMs: 60_000 } });
      await h.addToken(B, sim.createToken({ nip: B, permissions: ['InvoiceWrite', 'InvoiceRead'] }).token);
      const later = (nip: string) => ({ ...doc(nip), urgent: false });
      const first = [await h.submissions.submit('erp', later(B)), await h.submissions.submit('erp', later(B))];
      await h.pipeline.start();
      await untilTrue(() => first.every((f) => h.outcomes.some((o) => o.documentId === f.documentId)), 30_000);
      const second = [await h.submissions.submit('erp', later(B)), await h.submissions.submit('erp', later(B))];
      await untilTrue(() => second.every((f) => h.outcomes.some((o) => o.documentId === f.documentId)), 30_000);
      for (const d of [...first, ...second]) expect(h.outcomes.find((o) => o.documentId === d.documentId)?.kind).toBe('accepted');
      const kindOf = async (id: string) => (await h.store.getSession((await h.store.get(id))!.sessionRef!))?.kind;
      expect(await Promise.all(first.map((d) => kindOf(d.documentId)))).toEqual(['batch', 'batch']);
      expect(await Promise.all(second.map((d) => kindOf(d.documentId)))).toEqual(['online', 'online']);
      expect(sim.rateLimitRefusals().batchSession ?? 0).toBe(0);
    } finally {
      sim.setRateLimits('production');
    }
  }, 120_000);
});
