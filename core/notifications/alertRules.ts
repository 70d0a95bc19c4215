import type { NotificationsConfig } from '../config/notificationsConfig.js';
import type { StoredEvent } from '../events/ports/EventOutbox.js';
import type { QueueSummary } from '../pipeline/ports/SubmissionStore.js';
import type { SyncCursor } from '../purchases/ports/PurchaseStore.js';
import type { CredentialInfo } from '../vault/CredentialVault.js';
import type { AlertCondition } from './AlertCondition.js';

/** What the rules look at: the store's and the vault's present state and the recent events. */
export interface ConditionSources {
  readonly now: number;
  readonly rules: NotificationsConfig['rules'];
  paused(): Promise<ReadonlyMap<string, string>>;
  credentials(): Promise<readonly CredentialInfo[]>;
  /** Active certificates, and active tokens whose expiry was stated, with their end. */
  certificates(): Promise<readonly { readonly contextNip: string; readonly kind?: 'token' | 'certificate'; readonly notAfter: string; readonly daysLeft: number }[]>;
  queue(): Promise<readonly QueueSummary[]>;
  /** Events of (at least) the last day, newest first. */
  recentEvents(): Promise<readonly StoredEvent[]>;
  /** Has the document's outcome been acknowledged by its plugin since? */
  isDelivered(documentId: string): Promise<boolean>;
  /** Purchase sync cursors; absent when purchases are off. */
  purchaseCursors?(): Promise<readonly SyncCursor[]>;
}

const MINUTE = 60_000;
const TOKEN_ACTION = (nip: string) => `Store a valid token: ksef-gateway token add --nip ${nip} (or import a certificate: credentials import). `
  + 'Queued documents are sent as soon as it is stored.';

/** Every condition that holds now, one per (rule, subject). */
export async function collectConditions(s: ConditionSources): Promise<AlertCondition[]> {
  const out: AlertCondition[] = [];
  for (const c of await s.credentials()) {
    if (c.status === 'active') continue;
    out.push({ key: `credential-refused/${c.contextNip}/${c.kind}`, rule: 'credential-refused', contextNip: c.contextNip, urgent: true,
      title: `KSeF refused the ${c.kind} of context ${c.contextNip} (${c.status}${c.statusReason ? `: ${c.statusReason}` : ''}).`,
      action: TOKEN_ACTION(c.contextNip) });
  }
  for (const [nip, reason] of await s.paused()) {
    out.push({ key: `context-paused/${nip}`, rule: 'context-paused', contextNip: nip, urgent: true,
      title: `Sending for context ${nip} is paused: ${reason}`, action: TOKEN_ACTION(nip) });
  }
  const days = [...s.rules.expiringDays].sort((a, b) => a - b);
  for (const cert of await s.certificates()) {
    const within = days.find((d) => cert.daysLeft <= d);
    if (within === undefined) continue;
    const token = cert.kind === 'token';
    const what = token ? 'KSeF token' : 'certificate';
    // A certificate keeps the episode key it always had, so an upgrade neither repeats nor drops an open alert.
    out.push({ key: `credential-expiring/${cert.contextNip}${token ? '/token' : ''}`, rule: 'credential-expiring', contextNip: cert.contextNip, level: `${within}d`,
      urgent: within <= 1,
      title: cert.daysLeft < 0 ? `The ${what} of context ${cert.contextNip} ended on ${cert.notAfter}.`
        : `The ${what} of context ${cert.contextNip} ends in ${cert.daysLeft} days (${cert.notAfter}).`,
      action: token ? `Generate a new token at KSeF and store it before this one ends: ksef-gateway token add --nip ${cert.contextNip} --expires DATE (or the console's form).`
        : `Renew it before it ends: ksef-gateway credentials renew --nip ${cert.contextNip}.` });
  }
  for (const q of await s.queue()) {
    const minutes = Math.floor((s.now - q.oldestCreatedAt) / MINUTE);
    if (minutes < s.rules.waitingMinutes) continue;
    out.push({ key: `documents-waiting/${q.contextNip}`, rule: 'documents-waiting', contextNip: q.contextNip, urgent: false,
      title: `${q.queued} document(s) of context ${q.contextNip} wait to be sent; the oldest for ${minutes} minutes.`,
      action: 'Check `ksef-gateway status` for a paused context, KSeF failures or rate limits.' });
  }
  const events = await s.recentEvents();
  out.push(...rejections(s, events), ...unreachable(s, events), ...await deliveryFailing(s, events), ...await purchaseSync(s));
  return out;
}

function rejections(s: ConditionSources, events: readonly StoredEvent[]): AlertCondition[] {
  const perContext = new Map<string, number>();
  for (const e of events) {
    if (e.event.type !== 'document-rejected' || e.createdAt < s.now - 60 * MINUTE) continue;
    const nip = e.event.contextNip ?? 'unknown';
    perContext.set(nip, (perContext.get(nip) ?? 0) + 1);
  }
  return [...perContext].filter(([, n]) => n > s.rules.rejectionsPerHour).map(([nip, n]) => ({
    key: `rejections/${nip}`, rule: 'rejections' as const, contextNip: nip, urgent: false,
    title: `${n} documents of context ${nip} were rejected in the last hour (more than ${s.rules.rejectionsPerHour}).`,
    action: 'Look at the rejections grouped by error code (ksef-gateway status); a mapping mistake in the ERP is the usual cause.',
  }));
}

function unreachable(s: ConditionSources, events: readonly StoredEvent[]): AlertCondition[] {
  const latest = new Map<string, StoredEvent>();
  for (const e of events) {
    if (e.event.type !== 'ksef-unreachable' && e.event.type !== 'ksef-reachable') continue;
    const nip = e.event.contextNip ?? 'all';
    if (!latest.has(nip)) latest.set(nip, e);
  }
  return [...latest].filter(([, e]) => e.event.type === 'ksef-unreachable' && s.now - e.createdAt >= s.rules.unreachableMinutes * MINUTE)
    .map(([nip, e]) => ({
      key: `ksef-unreachable/${nip}`, rule: 'ksef-unreachable' as const, ...(nip !== 'all' ? { contextNip: nip } : {}), urgent: false,
      title: `KSeF has been failing for context ${nip} since ${new Date(e.createdAt).toISOString()}; documents stay queued and are retried.`,
      action: 'Check KSeF\'s status page and the network path (proxy, firewall) from the gateway; nothing is lost meanwhile.',
    }));
}

async function deliveryFailing(s: ConditionSources, events: readonly StoredEvent[]): Promise<AlertCondition[]> {
  const failing = new Map<string, number>();
  const seen = new Set<string>();
  for (const e of events) {
    if (e.event.type !== 'delivery-failing' || seen.has(e.event.documentId)) continue;
    seen.add(e.event.documentId);
    if (await s.isDelivered(e.event.documentId)) continue;
    failing.set(e.event.instance, (failing.get(e.event.instance) ?? 0) + 1);
  }
  return [...failing].map(([instance, n]) => ({
    key: `delivery-failing/${instance}`, rule: 'delivery-failing' as const, urgent: false,
    title: `Plugin ${instance} has not acknowledged ${n} outcome(s) after repeated attempts.`,
    action: `Check that the ERP behind plugin ${instance} is reachable; outcomes are retried until it takes them.`,
  }));
}

async function purchaseSync(s: ConditionSources): Promise<AlertCondition[]> {
  if (!s.purchaseCursors) return [];
  const limit = s.rules.purchaseSyncBehindMinutes * MINUTE;
  return (await s.purchaseCursors()).filter((c) => c.lastSyncAt !== null && (s.now - c.lastSyncAt >= limit || c.lastError !== null))
    .map((c) => ({
      key: `purchase-sync-behind/${c.contextNip}/${c.subjectType}`, rule: 'purchase-sync-behind' as const, contextNip: c.contextNip, urgent: false,
      title: `The purchase sync of context ${c.contextNip} (${c.subjectType}) is behind: last run ${new Date(c.lastSyncAt!).toISOString()}`
        + `${c.lastError ? `; last error: ${c.lastError}` : ''}.`,
      action: 'See ksef-gateway purchases status; the sync resumes from where it stopped.',
    }));
}
