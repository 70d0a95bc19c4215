import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { SqliteCredentialVault } from '../../../adapters/vault/SqliteCredentialVault.js';
import type { Outcome, GatewayEvent } from '../../../core/plugin-api/types.js';
import { createPipeline, type PipelineParts } from '../../../core/pipeline/createPipeline.js';
import type { PipelineOptions } from '../../../core/pipeline/PipelineOptions.js';
import { VaultKsefClientProvider } from '../../../core/pipeline/VaultKsefClientProvider.js';
import type { KsefClientOptions } from '../../../core/ksef/types/KsefClientOptions.js';
import type { PipelineMetrics } from '../../../core/pipeline/ports/PipelineMetrics.js';
import type { DocumentPreparer } from '../../../core/pipeline/ports/DocumentPreparer.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';

export interface Harness extends PipelineParts {
  readonly dir: string;
  readonly store: SqliteSubmissionStore;
  readonly vault: SqliteCredentialVault;
  readonly outcomes: Outcome[];
  readonly events: GatewayEvent[];
  /** Makes the sink refuse deliveries while true. */
  refuseDeliveries: boolean;
  addToken(nip: string, token: string): Promise<void>;
  close(): Promise<void>;
}

/** Fast polling and small thresholds, so tests run in seconds. */
export const FAST: Partial<PipelineOptions> = {
  tickMs: 20, pollBaseMs: 50, pollMaxMs: 400, retryBaseMs: 50, deliveryBaseMs: 50, deliveryMaxMs: 200,
  batchMaxWaitMs: 0, onlineIdleCloseMs: 200, instanceId: 'test-instance',
};

/** A pipeline on real SQLite files in a temporary data dir, talking to the simulator at `baseUrl`. */
export interface HarnessInput {
  readonly options?: Partial<PipelineOptions>;
  readonly dir?: string;
  readonly masterKey?: Buffer;
  /** Client-side rate limits; default off (the simulator's own limits still apply). */
  readonly rateLimits?: KsefClientOptions['rateLimits'];
  readonly metrics?: PipelineMetrics;
  /** Builds and validates documents at intake; default: the preparer without validation. */
  readonly preparer?: DocumentPreparer;
}

export function harness(baseUrl: string, input: HarnessInput = {}): Harness {
  const dir = input.dir ?? mkdtempSync(join(tmpdir(), 'pipe-'));
  const masterKey = input.masterKey ?? randomBytes(32);
  const options = input.options ?? {};
  const store = new SqliteSubmissionStore(join(dir, 'gateway.db'));
  const vault = new SqliteCredentialVault(join(dir, 'vault.db'), masterKey);
  const outcomes: Outcome[] = [];
  const events: GatewayEvent[] = [];
  const clients = new VaultKsefClientProvider(vault, (contextNip, auth) => ({
    baseUrl, contextNip, auth, authPollIntervalMs: 20, rateLimits: input.rateLimits ?? 'off', retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 },
  }));
  const h = {
    dir, store, vault, outcomes, events, refuseDeliveries: false,
    async addToken(nip: string, token: string) { await vault.put({ contextNip: nip, kind: 'token', secret: new SecretValue(token) }); },
    async close() {
      await parts.pipeline.stop();
      await store.close();
      await vault.close();
    },
  } as Harness;
  const parts = createPipeline({
    store, vault, clients, dataDir: dir, options: { ...FAST, ...options },
    sink: { deliver: async (_source, outcome) => {
      if (h.refuseDeliveries) throw new Error('ERP unavailable');
      outcomes.push(outcome);
    } },
    events: { emit: async (e) => { events.push(e); } },
    metrics: input.metrics,
    preparer: input.preparer,
  });
  Object.assign(h, parts);
  return h;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Waits until `check` returns true, running pipeline rounds meanwhile. */
export async function untilTrue(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
