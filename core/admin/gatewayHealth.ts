import { isStoreUnavailable } from '../pipeline/isStoreUnavailable.js';
import type { SubmissionStore } from '../pipeline/ports/SubmissionStore.js';
import type { HealthStatus } from '../plugin-api/PluginContext.js';
import type { CredentialVault } from '../vault/CredentialVault.js';
import type { HealthReport } from './AdminServer.js';

export interface GatewayHealthSources {
  readonly store: Pick<SubmissionStore, 'countsByState' | 'pausedContexts'>;
  readonly vault: Pick<CredentialVault, 'list'>;
  readonly plugins: { check(): Promise<Record<string, HealthStatus>> };
}

/**
 * The gateway's health: the store answers (down otherwise), each credential is active (a revoked or invalid one
 * pauses its context: degraded), and every plugin's own check. Never throws.
 */
export async function gatewayHealth(src: GatewayHealthSources): Promise<HealthReport> {
  const checks: Record<string, HealthStatus> = {};
  try {
    await src.store.countsByState();
    const paused = await src.store.pausedContexts();
    checks.store = { status: 'up' };
    for (const [nip, reason] of paused) checks[`context:${nip}`] = { status: 'degraded', detail: `paused: ${reason}` };
  } catch (err) {
    checks.store = storeFailure(err);
  }
  try {
    for (const c of await src.vault.list()) {
      checks[`credential:${c.contextNip}:${c.kind}`] = c.status === 'active' ? { status: 'up' } : { status: 'degraded', detail: `${c.status}${c.statusReason ? `: ${c.statusReason}` : ''}` };
    }
  } catch (err) {
    checks.vault = storeFailure(err);
  }
  for (const [id, status] of Object.entries(await src.plugins.check())) checks[`plugin:${id}`] = status;
  const statuses = Object.values(checks).map((c) => c.status);
  const status = statuses.includes('down') ? 'down' : statuses.includes('degraded') ? 'degraded' : 'up';
  return { status, checks };
}

/** A database that is restarting pauses the work, which resumes by itself: degraded, not down. */
function storeFailure(err: unknown): HealthStatus {
  return isStoreUnavailable(err)
    ? { status: 'degraded', detail: `unreachable, work paused until it answers: ${(err as Error).message}` }
    : { status: 'down', detail: (err as Error).message };
}
