import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { SqliteCredentialVault } from '../../../adapters/vault/SqliteCredentialVault.js';
import { encodeCertificateCredential } from '../../../core/credentials/CertificateCredentialRecord.js';
import { createSelfSignedCredential } from '../../../core/credentials/createSelfSignedCredential.js';
import { createPipeline } from '../../../core/pipeline/createPipeline.js';
import { VaultKsefClientProvider } from '../../../core/pipeline/VaultKsefClientProvider.js';
import type { Outcome } from '../../../core/plugin-api/types.js';
import type { CredentialKind } from '../../../core/vault/CredentialVault.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';
import { FAST, removeDir, untilTrue } from '../../support/pipeline/harness.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { testCredential } from './support/testCredentials.js';
import { eachDocument, ksefEvidence } from '../../support/ksefEvidence.js';

const NIP = '9999999999';
let sim: RunningSimulator;
beforeAll(async () => { sim = await startSimulator({ processingDelayMs: 20 }); });
afterAll(async () => { await sim.close(); });

/** One gateway run on a data dir, with the credential kind config chose for the context. */
function gateway(dir: string, masterKey: Buffer, kind: CredentialKind) {
  const store = new SqliteSubmissionStore(join(dir, 'gateway.db'));
  const vault = new SqliteCredentialVault(join(dir, 'vault.db'), masterKey);
  const outcomes: Outcome[] = [];
  const events: { type: string; message?: string }[] = [];
  const clients = new VaultKsefClientProvider(vault, (contextNip, auth) => ({
    baseUrl: sim.baseUrl, contextNip, auth, authPollIntervalMs: 20, rateLimits: 'off', retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 },
  }), () => kind);
  const parts = createPipeline({
    store, vault, clients, dataDir: dir, options: FAST,
    sink: { deliver: async (_source, outcome) => { outcomes.push(outcome); } },
    events: { emit: async (e) => { events.push(e as { type: string; message?: string }); } },
  });
  return { ...parts, store, vault, outcomes, events, async close() { await parts.pipeline.stop(); await store.close(); await vault.close(); } };
}

const invoiceNumber = (n: string) => `SW/${process.pid}/${n}`;
const doc = (n: string) => ({ erpId: `SWITCH-${n}`, urgent: true, payload: { format: 'fa3-xml' as const, xml: invoiceXml({ sellerNip: NIP, number: invoiceNumber(n) }) } });

describe('moving a context from a KSeF token to a certificate', () => {
  it('keeps sending through the pipeline: every document accepted once, none lost, with only config and vault changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switch-'));
    const key = randomBytes(32);
    const held = sim.invoicesHeld(NIP);

    const onToken = gateway(dir, key, 'token');
    await onToken.vault.put({ contextNip: NIP, kind: 'token', secret: new SecretValue(sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] }).token) });
    const a = await onToken.submissions.submit('erp', doc('a'));
    await onToken.pipeline.start();
    await untilTrue(async () => (await onToken.store.get(a.documentId))?.state === 'delivered');
    const queued = [await onToken.submissions.submit('erp', doc('b')), await onToken.submissions.submit('erp', doc('c'))];
    await onToken.close();

    // The operator stores the company seal and switches config to `credential: { kind: certificate }`.
    const onCert = gateway(dir, key, 'certificate');
    const { material } = await testCredential('ec', NIP);
    await onCert.vault.put({ contextNip: NIP, kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'self-signed' }) });
    const d = await onCert.submissions.submit('erp', doc('d'));
    await onCert.pipeline.start();
    const ids = [...queued, d].map((r) => r.documentId);
    await untilTrue(async () => (await Promise.all(ids.map((id) => onCert.store.get(id)))).every((s) => s?.state === 'delivered'));
    expect([...onToken.outcomes, ...onCert.outcomes].filter((o) => o.kind === 'accepted').map((o) => o.erpId).sort())
      .toEqual(['SWITCH-a', 'SWITCH-b', 'SWITCH-c', 'SWITCH-d']);
    const numbers = ['a', 'b', 'c', 'd'].map(invoiceNumber);
    expect(ksefEvidence(sim, NIP, numbers)).toEqual(eachDocument(numbers));
    expect(sim.invoicesHeld(NIP) - held).toBe(4);
    expect((await onCert.vault.info(NIP, 'certificate'))?.lastAuthenticatedAt).toBeDefined();
    await onCert.close();
    removeDir(dir);
  });

  it('pauses a certificate context whose certificate KSeF refuses, marks that certificate invalid, and resumes on a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switch-'));
    const g = gateway(dir, randomBytes(32), 'certificate');
    const expired = await createSelfSignedCredential({ subject: `CN=old, 2.5.4.97=VATPL-${NIP}`, notBefore: new Date(Date.now() - 3 * 86_400_000), validDays: 1 });
    await g.vault.put({ contextNip: NIP, kind: 'certificate', secret: encodeCertificateCredential(expired, { origin: 'self-signed' }) });
    const e = await g.submissions.submit('erp', doc('e'));
    await g.pipeline.start();
    await untilTrue(async () => (await g.store.pausedContexts()).has(NIP));
    expect((await g.vault.info(NIP, 'certificate'))?.status).toBe('invalid');
    expect(g.events.find((ev) => ev.type === 'credential-invalid')?.message).toContain('credentials import');
    expect((await g.store.get(e.documentId))?.state).toBe('queued');

    const { material } = await testCredential('ec', NIP);
    await g.vault.put({ contextNip: NIP, kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'self-signed' }) });
    await untilTrue(async () => (await g.store.get(e.documentId))?.state === 'delivered');
    expect(g.outcomes.map((o) => o.kind)).toEqual(['accepted']);
    await g.close();
    removeDir(dir);
  });
});
