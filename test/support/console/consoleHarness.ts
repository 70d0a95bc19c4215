import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteConsoleStore } from '../../../adapters/sqlite-store/SqliteConsoleStore.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { SqlitePurchaseStore } from '../../../adapters/sqlite-store/SqlitePurchaseStore.js';
import { tokenAdd } from '../../../core/cli/ksef/tokenAdd.js';
import { SqliteCredentialVault } from '../../../adapters/vault/SqliteCredentialVault.js';
import { AdminServer } from '../../../core/admin/AdminServer.js';
import { PromMetrics } from '../../../core/admin/PromMetrics.js';
import { ConsoleServer } from '../../../core/console/ConsoleServer.js';
import type { ConsoleDeps, ConsoleOptions } from '../../../core/console/ConsoleDeps.js';
import { hashPassword } from '../../../core/console/passwords.js';
import { credentialStatus } from '../../../core/credentials/credentialStatus.js';
import { PipelineQueries } from '../../../core/pipeline/PipelineQueries.js';
import type { PipelineDeps } from '../../../core/pipeline/PipelineDeps.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';

export const NIP = '5265877635';
export const TOKEN_VALUE = `20260101-EC-${'A1B2C3D4E5'.repeat(3)}|nip-${NIP}|${randomBytes(16).toString('hex')}`;
export const PASSWORDS = { operator: 'operator-password-1', viewer: 'viewer-password-12' } as const;

export interface ConsoleHarness {
  readonly url: string;
  readonly submissions: SqliteSubmissionStore;
  readonly consoleStore: SqliteConsoleStore;
  readonly vault: SqliteCredentialVault;
  readonly purchases: SqlitePurchaseStore;
  close(): Promise<void>;
}

/**
 * A console over real SQLite stores and a real vault holding a token, on a real admin port: users `op` (operator)
 * and `view` (viewer); documents queued, rejected (outcome awaiting delivery) and invalid.
 */
export async function startConsoleHarness(options: Partial<ConsoleOptions> = {}, admin: { tls?: { certFile: string; keyFile: string } } = {},
  extra: Partial<Pick<ConsoleDeps, 'oidc'>> = {}): Promise<ConsoleHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'console-'));
  const file = join(dir, 'gateway.sqlite');
  const submissions = new SqliteSubmissionStore(file);
  const consoleStore = new SqliteConsoleStore(file);
  const purchases = new SqlitePurchaseStore(file);
  const vault = new SqliteCredentialVault(join(dir, 'vault.sqlite'), randomBytes(32));
  await vault.put({ contextNip: NIP, kind: 'token', secret: new SecretValue(TOKEN_VALUE), referenceNumber: '20260101-EC-REF', permissions: ['InvoiceWrite'] });
  await consoleStore.putUser({ username: 'op', passwordHash: await hashPassword(PASSWORDS.operator), role: 'operator', now: Date.now() });
  await consoleStore.putUser({ username: 'view', passwordHash: await hashPassword(PASSWORDS.viewer), role: 'viewer', now: Date.now() });
  await seedDocuments(submissions);
  const queries = new PipelineQueries({ store: submissions, now: Date.now } as unknown as PipelineDeps, undefined as never);
  const server = new ConsoleServer({
    store: consoleStore, documents: submissions, upo: (doc) => submissions.getUpo(doc.id), retry: (id) => queries.retry(id),
    contexts: () => [{ nip: NIP, name: 'Przykładowa Firma sp. z o.o.', method: 'token' }],
    credentials: () => credentialStatus(vault),
    revokeCredential: async (nip, kind) => {
      await vault.markStatus(nip, kind, 'revoked', 'revoked in the console');
      await submissions.setContextPaused(nip, `the ${kind} was revoked in the console`, Date.now());
      return `${nip}: revoked`;
    },
    // token add's service with no KSeF to ask (the browser test against the simulator covers the check at KSeF).
    addToken: async (nip, secret, o) => {
      const lines: string[] = [];
      const r = await tokenAdd({ nip, vault }, secret, { verify: true, expiresAt: o.expiresAt }, { line: (l) => lines.push(l), secret: () => undefined });
      return { verified: r.verified, lines };
    },
    purchaseSync: () => purchases.cursors(),
    purchaseSyncBehindMinutes: 120,
    ...extra,
    options: { language: 'en', sessionMinutes: 60, lockout: { attempts: 3, lockMinutes: 15 }, cookieSecure: 'auto', allowRemote: false, ...options },
  });
  const adminServer = new AdminServer({ host: '127.0.0.1', port: 0, registry: new PromMetrics({ processMetrics: false }).registry,
    health: async () => ({ status: 'up', checks: {} }), console: server, ...(admin.tls ? { tls: admin.tls } : {}) });
  const { url } = await adminServer.listen();
  return {
    url, submissions, consoleStore, vault, purchases,
    close: async () => {
      await adminServer.close();
      await purchases.close();
      await consoleStore.close();
      await submissions.close();
      await vault.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function seedDocuments(store: SqliteSubmissionStore): Promise<void> {
  const now = Date.now();
  const queued = (id: string, at: number) => store.admit({ id, source: 'erp', erpId: `ERP-${id}`, urgent: false, now: at,
    verdict: { queued: { now: at, contextNip: NIP, xml: Buffer.from(`<Faktura>${id}</Faktura>`), invoiceHash: `h-${id}`, invoiceSize: 20,
      key: { sellerNip: NIP, invoiceKind: 'VAT', invoiceNumber: `FV/${id}` } } }, onKeyHeld: () => [] });
  await queued('q1', now - 60_000);
  await queued('r1', now - 50_000);
  await store.transition('r1', 'sending', { now: now - 40_000 });
  await store.transition('r1', 'rejected', { now: now - 30_000, errors: [{ code: '450', message: 'Invoice rejected: schema <b>not</b> met', location: 'Fa/P_15' }] });
  for (const i of [1, 2, 3]) {
    await store.admit({ id: `bad${i}`, source: 'erp', erpId: `ERP-bad${i}`, urgent: false, now: now - 20_000 + i, onKeyHeld: () => [],
      verdict: { invalid: [{ code: 'FA3_P15_MISMATCH', message: `P_15 differs from the lines in bad${i}`, location: 'Fa/P_15' }], contextNip: NIP } });
  }
}
