/**
 * A gateway process for the purchase crash tests: syncs the buyer's purchases and delivers them to a receiver
 * that writes one line per invoice into ERP_FILE (idempotently, as `receive` must be), and kills itself with
 * SIGKILL at CRASH_AT (`point` or `point:n`).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { pino } from 'pino';
import { SqlitePurchaseStore } from '../../../../adapters/sqlite-store/SqlitePurchaseStore.js';
import { KsefClient } from '../../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../../core/ksef/auth/KsefTokenAuth.js';
import type { PurchaseStore } from '../../../../core/purchases/ports/PurchaseStore.js';
import { PurchaseDelivery } from '../../../../core/purchases/PurchaseDelivery.js';
import { PurchaseSync } from '../../../../core/purchases/PurchaseSync.js';

const { STORE_FILE, BASE_URL, KSEF_TOKEN, NIP, CRASH_AT, ERP_FILE, SINCE } = process.env as Record<string, string>;
const [point, nth] = (CRASH_AT ?? '').split(':');
let hits = 0;
function at(name: string): void {
  if (name === point && ++hits === Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
}

const real: PurchaseStore = new SqlitePurchaseStore(STORE_FILE);
const store: PurchaseStore = Object.assign(Object.create(real) as PurchaseStore, {
  logExport: async (...a: Parameters<PurchaseStore['logExport']>) => { await real.logExport(...a); at('export-started'); },
  storeInvoices: async (...a: Parameters<PurchaseStore['storeInvoices']>) => { at('before-store'); const r = await real.storeInvoices(...a); at('stored'); return r; },
  advanceCursor: async (...a: Parameters<PurchaseStore['advanceCursor']>) => { at('before-advance'); await real.advanceCursor(...a); at('advanced'); },
  ackDelivery: async (...a: Parameters<PurchaseStore['ackDelivery']>) => { at('before-ack'); await real.ackDelivery(...a); at('acked'); },
});
const client = new KsefClient({ baseUrl: BASE_URL, contextNip: NIP, auth: new KsefTokenAuth(KSEF_TOKEN), authPollIntervalMs: 20, rateLimits: 'off',
  retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 100 } });
const logger = pino({ level: 'warn' }, pino.destination(2));
const sync = new PurchaseSync(store, { forContext: async () => client }, {
  owner: `child-${process.pid}`, consumers: () => ['erp'], initialSince: () => SINCE, pollIntervalMs: 20, storeChunk: 2, maxExportsPerRun: 20,
  leaseMs: 1000, logger,
});
const delivery = new PurchaseDelivery(store, () => [{
  id: 'erp',
  async receive(inv) {
    at('receiving');
    const have = existsSync(ERP_FILE) ? readFileSync(ERP_FILE, 'utf8').split('\n') : [];
    if (!have.includes(inv.ksefNumber)) appendFileSync(ERP_FILE, `${inv.ksefNumber}\n`);
  },
}], { logger, batch: 3, leaseMs: 200 });

async function main(): Promise<void> {
  // A lease left by a killed run expires after leaseMs: wait for it rather than report "locked".
  for (;;) {
    const r = await sync.sync(NIP, 'Subject2');
    if (r.outcome !== 'locked') break;
    await new Promise((res) => setTimeout(res, 200));
  }
  for (;;) {
    await delivery.deliverDue();
    if (Object.values(await real.pendingDeliveries()).every((n) => n === 0)) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  await client.close();
  await real.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
