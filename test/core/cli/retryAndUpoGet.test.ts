import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { exitCodeFor } from '../../../core/cli/exitCodes.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { runCli } from './fa3RunCli.js';

const KSEF_NUMBER = `${DEMO_NIP}-20261203-0123456789AB-CD`;
const UPO = '<?xml version="1.0" encoding="UTF-8"?><Potwierdzenie><NumerKSeFDokumentu>UPO-BYTES</NumerKSeFDokumentu></Potwierdzenie>';

/** Runs the command line; a thrown GatewayError ends as the exit code and message the real binary would give. */
async function cli(args: string[], env: Record<string, string>): Promise<{ out: string; err: string; code: number }> {
  try {
    const r = await runCli(args, env);
    return { out: r.stdout, err: r.stderr, code: r.exitCode };
  } catch (e) {
    return { out: '', err: (e as Error).message, code: exitCodeFor(e) };
  }
}

/** A document of plugin `source` that KSeF accepted (KSeF number and UPO) and that was then handed to the ERP. */
async function deliveredDocument(store: SqliteSubmissionStore, id: string, source: string, erpId: string, ksefNumber?: string): Promise<void> {
  const now = Date.now();
  await store.admit({ id, source, erpId, urgent: false, now, onKeyHeld: () => [],
    verdict: { queued: { now, contextNip: DEMO_NIP, xml: Buffer.from('<x/>'), invoiceHash: `h-${id}`, invoiceSize: 4,
      key: { sellerNip: DEMO_NIP, invoiceKind: 'VAT', invoiceNumber: `FV/${id}` } } } });
  const [claimed] = await store.claimQueued({ contextNip: DEMO_NIP, limit: 1, owner: 'before', leaseMs: 1000, now });
  await store.assignToSession([claimed.id], `S-${id}`, 'before', now);
  if (ksefNumber) await store.transition(id, 'accepted', { now, ksefNumber, acquisitionDate: '2026-12-03T10:00:00Z', upo: Buffer.from(UPO) }, 'sending');
  else await store.transition(id, 'rejected', { now, errors: [{ code: '450', message: 'semantic error' }] }, 'sending');
  // Two failed attempts before the ERP finally acknowledged it.
  await store.deferDelivery(id, now, now);
  await store.deferDelivery(id, now, now);
  await store.transition(id, 'delivered', { now });
  await store.releaseClaims('before');
}

describe('retry and upo get, by document id, ERP id or KSeF number', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-retry-'));
    env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: '', KSEF_GATEWAY_LOG_LEVEL: 'silent', KSEF_GATEWAY_MASTER_KEY: '', KSEF_GATEWAY_ADMIN_PORT: '0' };
    const store = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
    await deliveredDocument(store, 'doc-accepted', 'inbox', 'FV-1', KSEF_NUMBER);
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('upo get finds the UPO by ERP id and by KSeF number, byte for byte', async () => {
    for (const reference of ['FV-1', KSEF_NUMBER, 'doc-accepted']) {
      const { out, code } = await cli(['upo', 'get', reference], env);
      expect(code).toBe(0);
      expect(out).toBe(UPO);
    }
    const missing = await cli(['upo', 'get', 'FV-NONE'], env);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No document has the id, ERP id or KSeF number FV-NONE');
  });

  it('an ERP id two plugins used is refused as ambiguous, listing both, until --source says which', async () => {
    const store = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
    await deliveredDocument(store, 'doc-rest', 'rest', 'FV-1');
    await store.close();
    const ambiguous = await cli(['upo', 'get', 'FV-1'], env);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toMatch(/FV-1 names 2 documents: doc-accepted \(source inbox.*doc-rest \(source rest.*--source/);
    expect((await cli(['upo', 'get', 'FV-1', '--source', 'inbox'], env)).out).toBe(UPO);
  });

  it('retry re-delivers an outcome already delivered: back to accepted with attempts restarted, then handed to the plugin again', async () => {
    const { out, code } = await cli(['retry', 'FV-1'], env);
    expect(code).toBe(0);
    expect(out).toContain('doc-accepted (FV-1): accepted; delivery due now');
    const store = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
    expect(await store.get('doc-accepted')).toMatchObject({ state: 'accepted', deliveryAttempts: 0 });
    expect((await store.get('doc-accepted'))!.nextDeliveryAt).toBeLessThanOrEqual(Date.now());
    await store.close();

    // A running gateway hands it to the folder inbox that submitted it (the embedded defaults' `inbox`).
    const outcome = join(dir, 'plugins', 'inbox', 'outcomes', 'FV-1.json');
    const app = await GatewayApp.create({ loaded: loadConfig({ embedded: true, env }), env, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
    try {
      await app.start();
      // Nothing was written to this folder before: the file appears only by this redelivery.
      const end = Date.now() + 20_000;
      while (!existsSync(outcome) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(JSON.parse(readFileSync(outcome, 'utf8'))).toMatchObject({ kind: 'accepted', erpId: 'FV-1', ksefNumber: KSEF_NUMBER });
      expect(readFileSync(join(dir, 'plugins', 'inbox', 'outcomes', 'FV-1.upo.xml'), 'utf8')).toBe(UPO);
    } finally {
      await app.stop();
    }
    const after = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
    expect(await after.get('doc-accepted')).toMatchObject({ state: 'delivered', deliveryAttempts: 0 });
    await after.close();
  });

  it('retry refuses a document KSeF has given no verdict on yet, naming it (exit 1)', async () => {
    const store = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
    const now = Date.now();
    await store.admit({ id: 'doc-queued', source: 'inbox', erpId: 'FV-Q', urgent: false, now, onKeyHeld: () => [],
      verdict: { queued: { now, contextNip: DEMO_NIP, xml: Buffer.from('<x/>'), invoiceHash: 'h-q', invoiceSize: 4,
        key: { sellerNip: DEMO_NIP, invoiceKind: 'VAT', invoiceNumber: 'FV/Q' } } } });
    await store.close();
    const { code, err } = await cli(['retry', 'FV-Q'], env);
    expect(code).toBe(1);
    expect(err).toContain('Document doc-queued is queued: KSeF has not given its verdict yet');
  });
});
