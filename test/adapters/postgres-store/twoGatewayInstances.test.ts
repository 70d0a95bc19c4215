import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgCredentialVault } from '../../../adapters/postgres-store/PgCredentialVault.js';
import { PgSubmissionStore } from '../../../adapters/postgres-store/PgSubmissionStore.js';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { createPipeline, type PipelineParts } from '../../../core/pipeline/createPipeline.js';
import { VaultKsefClientProvider } from '../../../core/pipeline/VaultKsefClientProvider.js';
import type { Outcome } from '../../../core/plugin-api/types.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { FAST, untilTrue } from '../../support/pipeline/harness.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { dropSchema, pgTestUrl, testSchemaName } from './pgTestSchema.js';
import { eachDocument, ksefEvidence } from '../../support/ksefEvidence.js';

const url = pgTestUrl();
const NIP = '9999999999';

interface Instance extends PipelineParts {
  readonly store: PgSubmissionStore;
  readonly vault: PgCredentialVault;
  readonly outcomes: Outcome[];
  readonly dir: string;
}

describe('two gateway instances on one PostgreSQL database', () => {
  let sim: RunningSimulator;
  let schema: string;
  const instances: Instance[] = [];
  const masterKey = randomBytes(32);

  const instance = async (id: string): Promise<Instance> => {
    const store = await PgSubmissionStore.open({ url, schema, max: 4 });
    const vault = await PgCredentialVault.open({ url, schema }, masterKey);
    const dir = mkdtempSync(join(tmpdir(), `pg-${id}-`));
    const outcomes: Outcome[] = [];
    const clients = new VaultKsefClientProvider(vault, (contextNip, auth) => ({
      baseUrl: sim.baseUrl, contextNip, auth, authPollIntervalMs: 20, rateLimits: 'off', retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 },
    }));
    const parts = createPipeline({ store, vault, clients, dataDir: dir, options: { ...FAST, instanceId: id },
      sink: { deliver: async (_source, outcome) => { outcomes.push(outcome); } } });
    const inst = { ...parts, store, vault, outcomes, dir };
    instances.push(inst);
    return inst;
  };

  beforeAll(async () => { sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20 }); });
  afterAll(async () => { await sim.close(); });
  beforeEach(() => { schema = testSchemaName(); });
  afterEach(async () => {
    for (const i of instances.splice(0)) {
      await i.pipeline.stop();
      await i.store.close();
      await i.vault.close();
      rmSync(i.dir, { recursive: true, force: true });
    }
    await dropSchema(schema);
  });

  it('sends every document to KSeF exactly once and delivers each outcome once, whichever instance takes it', async () => {
    const [a, b] = [await instance('gw-a'), await instance('gw-b')];
    await a.vault.put({ contextNip: NIP, kind: 'token', secret: new SecretValue(sim.createToken({ nip: NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] }).token) });
    const tag = randomBytes(4).toString('hex');
    const docs = Array.from({ length: 30 }, (_, i) => ({
      erpId: `ERP-${tag}-${i}`, urgent: i % 3 === 0, payload: { format: 'fa3-xml' as const, xml: invoiceXml({ sellerNip: NIP, number: `PG/${tag}/${i}` }) },
    }));
    // Both instances receive every document (an ERP retrying against another node): each is stored once.
    const receipts = await Promise.all(docs.flatMap((d) => [a.submissions.submit('erp', d), b.submissions.submit('erp', d)]));
    expect(new Set(receipts.map((r) => r.documentId)).size).toBe(30);
    const held = sim.invoicesHeld(NIP);
    await Promise.all([a.pipeline.start(), b.pipeline.start()]);
    const delivered = async (): Promise<number> =>
      (await a.store.countsByState()).filter((c) => c.state === 'delivered').reduce((n, c) => n + c.count, 0);
    await untilTrue(async () => (await delivered()) === 30, 60_000);
    const invoiceNumbers = docs.map((_, i) => `PG/${tag}/${i}`);
    expect(ksefEvidence(sim, NIP, invoiceNumbers)).toEqual(eachDocument(invoiceNumbers));
    expect(sim.invoicesHeld(NIP) - held).toBe(30);
    const outcomes = [...a.outcomes, ...b.outcomes];
    expect(outcomes).toHaveLength(30);
    expect(new Set(outcomes.map((o) => o.documentId)).size).toBe(30);
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    const numbers = outcomes.map((o) => (o.kind === 'accepted' ? o.ksefNumber : ''));
    expect(new Set(numbers).size).toBe(30);
  });
});
