import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { harness, removeDir, untilTrue, type Harness } from '../../support/pipeline/harness.js';

const NIP = '9999999999';
let sim: RunningSimulator;
beforeAll(async () => { sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20 }); });
afterAll(async () => { await sim.close(); });

const doc = (n: string) => ({ erpId: `CRED-${n}`, urgent: true, payload: { format: 'fa3-xml' as const, xml: invoiceXml({ sellerNip: NIP, number: `CRED/${process.pid}/${n}` }) } });
const stateOf = async (h: Harness, id: string) => (await h.store.get(id))?.state;

describe('a revoked token', () => {
  it('pauses the context with an alert, keeps its documents, and resumes once a new token is added', async () => {
    const key = randomBytes(32);
    const first = harness(sim.baseUrl, { dir: mkdtempSync(join(tmpdir(), 'pipe-cred-')), masterKey: key });
    const old = sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] });
    await first.addToken(NIP, old.token);
    const a = await first.submissions.submit('erp', doc('a'));
    await first.pipeline.start();
    await untilTrue(async () => (await stateOf(first, a.documentId)) === 'delivered');
    await first.pipeline.stop();
    await first.store.close();
    await first.vault.close();

    sim.revokeToken(old.referenceNumber);
    // The gateway restarts with the same data dir: its next authentication is refused.
    const h = harness(sim.baseUrl, { dir: first.dir, masterKey: key });
    expect((await h.vault.info(NIP, 'token'))?.status).toBe('active');
    const b = await h.submissions.submit('erp', doc('b'));
    await h.pipeline.start();
    await untilTrue(async () => (await h.store.pausedContexts()).has(NIP));
    expect(h.events.map((e) => e.type)).toContain('credential-invalid');
    expect((await h.vault.info(NIP, 'token'))?.status).toBe('invalid');
    expect(JSON.stringify(h.events)).not.toContain(old.token);
    await new Promise((r) => setTimeout(r, 200));
    expect(await stateOf(h, b.documentId)).toBe('queued');

    await h.addToken(NIP, sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] }).token);
    await untilTrue(async () => (await stateOf(h, b.documentId)) === 'delivered');
    expect((await h.store.pausedContexts()).size).toBe(0);
    expect((await h.vault.info(NIP, 'token'))?.lastAuthenticatedAt).toBeDefined();
    // Each episode is announced and closed: paused (naming the context and what to do), then resumed.
    const types = h.events.map((e) => e.type);
    expect(types.filter((t) => t === 'context-paused' || t === 'context-resumed')).toEqual(['context-paused', 'context-resumed']);
    expect(h.events.find((e) => e.type === 'context-paused')).toMatchObject({ contextNip: NIP, message: expect.stringContaining('token add') });
    expect(JSON.stringify(h.events)).not.toContain(old.token);
    await h.close();
    removeDir(h.dir);
  });
});

describe('a transient authentication failure', () => {
  it('neither marks the token invalid nor pauses the context when KSeF cancels authentications (550), raises ksef-unreachable when it persists, and sends once KSeF recovers', async () => {
    const own = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20, faults: { authCancelledRate: 1 } });
    const h = harness(own.baseUrl);
    try {
      await h.addToken(NIP, own.createToken({ nip: NIP, permissions: ['InvoiceWrite'] }).token);
      const d = await h.submissions.submit('erp', doc(`transient-${Date.now()}`));
      await h.pipeline.start();
      await untilTrue(() => h.events.some((e) => e.type === 'ksef-unreachable'), 30_000);
      expect((await h.vault.info(NIP, 'token'))?.status).toBe('active');
      expect((await h.store.pausedContexts()).size).toBe(0);
      expect(h.events.map((e) => e.type)).not.toContain('credential-invalid');
      expect(await stateOf(h, d.documentId)).toBe('queued');
      own.setFaults({});
      await untilTrue(async () => (await stateOf(h, d.documentId)) === 'delivered', 30_000);
      expect(h.outcomes.find((o) => o.documentId === d.documentId)?.kind).toBe('accepted');
      expect(h.events.filter((e) => e.type === 'ksef-reachable')).toEqual([expect.objectContaining({ contextNip: NIP })]);
    } finally {
      await h.close();
      removeDir(h.dir);
      await own.close();
    }
  });
});

describe('a token revoked or replaced in the vault', () => {
  it('stops a running gateway at its next send: no further invoice reaches KSeF with the revoked token, and a new token resumes it', async () => {
    const h = harness(sim.baseUrl);
    try {
      const old = sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] });
      await h.addToken(NIP, old.token);
      const a = await h.submissions.submit('erp', doc(`revoke-a-${Date.now()}`));
      await h.pipeline.start();
      await untilTrue(async () => (await stateOf(h, a.documentId)) === 'delivered');
      // What `token revoke` does: KSeF revokes the token (access tokens already issued stay valid until they expire),
      // and the vault marks it revoked.
      sim.revokeToken(old.referenceNumber);
      await h.vault.markStatus(NIP, 'token', 'revoked', 'revoked by the operator');
      const b = await h.submissions.submit('erp', doc(`revoke-b-${Date.now()}`));
      await untilTrue(async () => (await h.store.pausedContexts()).has(NIP));
      await new Promise((r) => setTimeout(r, 300));
      expect(await stateOf(h, b.documentId)).toBe('queued');
      expect((await h.store.get(b.documentId))?.sessionRef).toBeUndefined();
      expect((await h.vault.info(NIP, 'token'))?.status).toBe('revoked');
      await h.addToken(NIP, sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] }).token);
      await untilTrue(async () => (await stateOf(h, b.documentId)) === 'delivered');
    } finally {
      await h.close();
      removeDir(h.dir);
    }
  });
});
