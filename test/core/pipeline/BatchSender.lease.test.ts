import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { harness, removeDir, untilTrue, type Harness } from '../../support/pipeline/harness.js';
import { join } from 'node:path';

const NIP = '9999999999';
const LEASE_MS = 1_000;

describe('BatchSender lease during a long upload', () => {
  let sim: RunningSimulator;
  let h: Harness;
  afterEach(async () => {
    await h.close();
    removeDir(h.dir);
    await sim.close();
  });

  it('keeps its uploading batch session touched, so another instance never adopts it before the upload ends', async () => {
    sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20, rateLimits: 'off' });
    h = harness(sim.baseUrl, { options: { leaseMs: LEASE_MS, onlineBelow: 0 } });
    await h.addToken(NIP, sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] }).token);
    for (let i = 0; i < 3; i++) {
      const number = `LEASE/${process.pid}/${Date.now()}/${i}`;
      await h.submissions.submit('erp', { erpId: number, urgent: false, payload: { format: 'fa3-xml', xml: invoiceXml({ sellerNip: NIP, number }) } });
    }
    // Every request now takes longer than the lease: open, upload and close together last several lease periods.
    sim.setFaults({ latencyMs: 1_500 });
    const other = new SqliteSubmissionStore(join(h.dir, 'gateway.db'));
    try {
      await h.pipeline.start();
      await untilTrue(async () => (await h.store.listSessions(['uploading'])).length > 0, 30_000);
      const adopted: number[] = [];
      const until = Date.now() + 4 * LEASE_MS;
      while (Date.now() < until && (await h.store.listSessions(['uploading'])).length > 0) {
        adopted.push(await other.adoptSessions('another-instance', Date.now() - LEASE_MS, Date.now()));
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(adopted.length).toBeGreaterThan(5);
      expect(adopted.filter((n) => n > 0)).toEqual([]);
      sim.setFaults({});
      await untilTrue(async () => (await h.store.countsByState()).every((c) => c.state === 'delivered'), 60_000);
      expect(h.outcomes.filter((o) => o.kind === 'accepted')).toHaveLength(3);
    } finally {
      await other.close();
    }
  });
});
