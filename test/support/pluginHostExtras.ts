import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SqlitePluginRecords } from '../../adapters/sqlite-store/SqlitePluginRecords.js';
import type { GatewayQueries } from '../../core/plugin-api/GatewayQueries.js';
import type { PluginSecrets } from '../../core/plugin-api/PluginSecrets.js';
import type { PluginStorage } from '../../core/plugin-api/PluginStorage.js';
import { PluginSecretBox } from '../../core/plugins/PluginSecretBox.js';
import { StoreRateLimits } from '../../core/plugins/StoreRateLimits.js';
import { InMemoryRateLimitStore } from '../../core/ksef/rateLimit/InMemoryRateLimitStore.js';
import type { PluginRateLimits } from '../../core/plugin-api/PluginRateLimits.js';

/**
 * What a plugin host harness hands plugins besides the facade: real SQLite storage in the work folder, real sealing under a random key, and queries
 * that say plainly they are not part of the harness (the plugins under these harnesses never ask).
 */
export function pluginHostExtras(workDir: string): {
  queriesFor: () => GatewayQueries; storageFor: (id: string) => PluginStorage; secretsFor: (id: string) => PluginSecrets;
  rateLimitsFor: (id: string) => PluginRateLimits;
} {
  let records: SqlitePluginRecords | undefined;
  const counters = new InMemoryRateLimitStore();
  const unavailable = async (): Promise<never> => { throw new Error('ctx.queries is not available in this test harness'); };
  return {
    queriesFor: () => ({ document: unavailable, documents: unavailable, xml: unavailable, upo: unavailable, retryDelivery: unavailable, contexts: unavailable }),
    storageFor: (id) => (records ??= new SqlitePluginRecords(join(workDir, 'records.sqlite'))).scoped(id),
    secretsFor: (id) => new PluginSecretBox(randomBytes(32), id),
    rateLimitsFor: (id) => new StoreRateLimits(counters, id),
  };
}
