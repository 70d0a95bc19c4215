/**
 * A gateway process for the crash tests: runs the pipeline on the given data dir until every document is delivered,
 * and kills itself with SIGKILL at the point named by CRASH_AT (`point` or `point:n` for the n-th hit). Kills at a
 * moment only KSeF sees (an upload under way, an acceptance whose answer is delayed) come from the test, which watches
 * the simulator's record.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteSubmissionStore } from '../../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { SqliteCredentialVault } from '../../../../adapters/vault/SqliteCredentialVault.js';
import { createPipeline } from '../../../../core/pipeline/createPipeline.js';
import type { KsefClientProvider, SessionClient } from '../../../../core/pipeline/ports/KsefClientProvider.js';
import type { SubmissionStore } from '../../../../core/pipeline/ports/SubmissionStore.js';
import { VaultKsefClientProvider } from '../../../../core/pipeline/VaultKsefClientProvider.js';

const { DATA_DIR, BASE_URL, MASTER_KEY, CRASH_AT, INSTANCE_ID, LEASE_MS } = process.env as Record<string, string>;
const [point, nth] = (CRASH_AT ?? '').split(':');
let hits = 0;
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};
/** Kills at the configured point: immediately, or `delayMs` later while the call is in flight. */
function at(name: string, delayMs?: number): void {
  if (name !== point || ++hits !== Number(nth ?? 1)) return;
  if (delayMs === undefined) die();
  else setTimeout(die, delayMs);
}

const store = new SqliteSubmissionStore(join(DATA_DIR, 'gateway.db'));
const vault = new SqliteCredentialVault(join(DATA_DIR, 'vault.db'), Buffer.from(MASTER_KEY, 'base64'));
const real = new VaultKsefClientProvider(vault, (contextNip, auth) => ({
  baseUrl: BASE_URL, contextNip, auth, authPollIntervalMs: 20, rateLimits: 'off', retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 100 },
}));

function wrapClient(c: SessionClient): SessionClient {
  return {
    openOnlineSession: (o) => c.openOnlineSession(o),
    sendOnlineInvoice: async (s, xml, o) => {
      at('send-inflight', 15);
      const r = await c.sendOnlineInvoice(s, xml, o);
      at('sent-unrecorded');
      return r;
    },
    closeOnlineSession: async (s, sig) => {
      await c.closeOnlineSession(s, sig);
      at('closed-unrecorded');
    },
    sendBatch: async (inv, o) => {
      const r = await c.sendBatch(inv, o);
      at('batch-closed');
      return r;
    },
    getSessionStatus: (r, s) => c.getSessionStatus(r, s),
    listSessionInvoices: (r, t, o) => c.listSessionInvoices(r, t, o),
    getInvoiceUpo: async (r, i, s) => {
      const upo = await c.getInvoiceUpo(r, i, s);
      at('upo-unrecorded');
      return upo;
    },
    getSessionUpo: (r, u, o) => c.getSessionUpo(r, u, o),
    rateRoom: (g) => c.rateRoom(g),
    getInvoice: (k, s) => c.getInvoice(k, s),
  };
}

const clients: KsefClientProvider = {
  forContext: async (nip) => wrapClient(await real.forContext(nip)),
  release: (nip) => real.release(nip),
  closeAll: () => real.closeAll(),
};

const crashingStore: SubmissionStore = Object.create(store, {
  assignToSession: { value: async (...a: Parameters<SubmissionStore['assignToSession']>) => {
    await store.assignToSession(...a);
    at('assigned');
  } },
});

const { pipeline } = createPipeline({
  store: crashingStore, vault, clients, dataDir: DATA_DIR,
  options: { instanceId: INSTANCE_ID ?? 'crash-test', leaseMs: Number(LEASE_MS ?? 600_000), tickMs: 20, pollBaseMs: 50, pollMaxMs: 300, retryBaseMs: 50, deliveryBaseMs: 50,
    deliveryMaxMs: 200, batchMaxWaitMs: 0, onlineIdleCloseMs: 150, onlineBelow: 10 },
  sink: { deliver: async (_source, outcome) => {
    appendFileSync(join(DATA_DIR, 'outcomes.jsonl'), `${JSON.stringify(outcome)}\n`);
    at('delivered-unrecorded');
  } },
});

await pipeline.start();
for (;;) {
  await new Promise((r) => setTimeout(r, 50));
  const counts = await store.countsByState();
  if (counts.every((c) => c.state === 'delivered')) break;
}
await pipeline.stop();
await store.close();
await vault.close();
process.exit(0);
