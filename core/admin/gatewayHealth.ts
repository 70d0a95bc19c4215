import type { EventOutbox } from '../events/ports/EventOutbox.js';
import { isStoreUnavailable } from '../pipeline/isStoreUnavailable.js';
import type { FailingDeliveries, SubmissionStore } from '../pipeline/ports/SubmissionStore.js';
import type { HealthStatus } from '../plugin-api/PluginContext.js';
import type { CredentialVault } from '../vault/CredentialVault.js';
import type { HealthReport } from './AdminServer.js';

export interface GatewayHealthSources {
  readonly store: Pick<SubmissionStore, 'countsByState' | 'pausedContexts' | 'failingDeliveries' | 'problems'>;
  readonly vault: Pick<CredentialVault, 'list'>;
  readonly plugins: { check(): Promise<Record<string, HealthStatus>> };
  /** KSeF's reachability (cached probe); absent where there is no KSeF to reach. */
  readonly ksef?: { check(): Promise<HealthStatus> };
  /** The events outbox: a notifier or adapter failing to take its events is degraded (docs/events.md). */
  readonly events?: Pick<EventOutbox, 'backlog'>;
}

/**
 * The gateway's health: the store answers (down otherwise), KSeF answers, no outcome is failing to reach its plugin,
 * each credential is active (a revoked or invalid one pauses its context), every notifier and adapter takes its events,
 * and every plugin's own check; each
 * problem but the store's is degraded (work waits and resumes by itself). Never throws.
 */
export async function gatewayHealth(src: GatewayHealthSources): Promise<HealthReport> {
  const checks: Record<string, HealthStatus> = {};
  try {
    await src.store.countsByState();
    const paused = await src.store.pausedContexts();
    checks.store = { status: 'up' };
    for (const [nip, reason] of paused) checks[`context:${nip}`] = { status: 'degraded', detail: `paused: ${reason}` };
    checks.deliveries = deliveryHealth(await src.store.failingDeliveries(1));
    for (const p of await src.store.problems()) {
      checks[`background:${p.area}`] = { status: 'degraded', detail: `failing since ${new Date(p.firstAt).toISOString()} (${p.count}x): ${p.message}` };
    }
  } catch (err) {
    checks.store = storeFailure(err);
  }
  if (src.ksef) checks.ksef = await src.ksef.check();
  try {
    for (const b of (await src.events?.backlog()) ?? []) {
      if (b.waiting > 0 && b.attempts > 0) {
        checks[`events:${b.consumer}`] = { status: 'degraded', detail: `${b.waiting} event(s) kept until it takes them; ${b.attempts} failed attempt(s): ${b.lastError ?? ''}` };
      }
    }
  } catch (err) {
    checks.events = storeFailure(err);
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

/** Outcomes their plugin did not take: the ERP lacks KSeF numbers until they are; `status` lists them all. */
function deliveryHealth(failing: FailingDeliveries): HealthStatus {
  if (failing.count === 0) return { status: 'up' };
  const d = failing.latest[0];
  return { status: 'degraded', detail: `${failing.count} outcome(s) not taken by their plugin; latest: ${d.erpId} (plugin ${d.source}, ${d.deliveryAttempts} attempt(s)): ${d.error}` };
}
