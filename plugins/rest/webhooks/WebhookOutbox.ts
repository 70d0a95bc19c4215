import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { fetch as undiciFetch, type Agent } from 'undici';
import type { PluginContext } from '../../../core/plugin-api/index.js';
import type { RestOptions } from '../RestOptions.js';
import { privateTargetProblem, publicOnlyDispatcher } from './receiverAddress.js';
import type { Subscription, WebhookEvent, WebhookSubscriptions } from './WebhookSubscriptions.js';

export type MessageState = 'pending' | 'delivered' | 'failed';

export interface WebhookMessage {
  /** The `webhook-id` header: the same for every attempt and every redelivery, so receivers can de-duplicate. */
  readonly id: string;
  readonly subscriptionId: string;
  readonly type: WebhookEvent;
  /** The exact body sent (and signed). */
  readonly body: string;
  readonly state: MessageState;
  readonly attempts: number;
  readonly createdAt: number;
  readonly lastAttemptAt?: number;
  readonly lastStatus?: number;
  readonly lastError?: string;
}

const COLLECTION = 'webhook-messages';
const KEEP_DELIVERED_MS = 7 * 86_400_000;
const MAX_DELAY_MS = 3_600_000;

/**
 * The durable webhook outbox in the gateway's store: an event becomes one message per subscription, sent at least
 * once with exponential backoff until the retry window (3 days) ends, then `failed` and listed until redelivered.
 * Messages are keyed `<subscription>/<subject>/<type>`, so announcing the same thing again re-arms the same message.
 */
export class WebhookOutbox {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** With `allowPrivateTargets: false`, connections go only to public addresses, checked after DNS resolution. */
  private readonly publicOnly?: Agent;

  constructor(private readonly ctx: PluginContext<RestOptions>, private readonly subscriptions: WebhookSubscriptions,
    private readonly liveKey: (id: string) => Promise<unknown>) {
    if (!ctx.config.webhooks.allowPrivateTargets) this.publicOnly = publicOnlyDispatcher();
  }

  async enqueue(sub: Subscription, type: WebhookEvent, subject: string, data: Record<string, unknown>): Promise<void> {
    const key = `${sub.id}/${subject}/${type}`;
    const now = this.ctx.clock.now().getTime();
    const message: WebhookMessage = {
      id: `msg_${createHash('sha256').update(key).digest('base64url').slice(0, 27)}`, subscriptionId: sub.id, type,
      body: JSON.stringify({ type, timestamp: new Date(now).toISOString(), data }), state: 'pending', attempts: 0, createdAt: now,
    };
    if (await this.ctx.storage.insert(COLLECTION, key, message, { dueAt: now })) return;
    await this.ctx.storage.update(COLLECTION, key, { ...message, id: message.id }, { dueAt: now, expiresAt: null });
  }

  /** Messages of a subscription, optionally in one state. */
  async list(subscriptionId: string, state?: MessageState, limit = 100): Promise<WebhookMessage[]> {
    const out: WebhookMessage[] = [];
    for (let page = await this.ctx.storage.list<WebhookMessage>(COLLECTION, { prefix: `${subscriptionId}/` }); page.length > 0;
      page = await this.ctx.storage.list<WebhookMessage>(COLLECTION, { prefix: `${subscriptionId}/`, after: page.at(-1)!.key })) {
      out.push(...page.map((r) => r.value).filter((m) => state === undefined || m.state === state));
      if (out.length >= limit) break;
    }
    return out.slice(0, limit);
  }

  /** Sends the failed (or given) messages of a subscription again, with a fresh retry window. Returns how many. */
  async redeliver(subscriptionId: string, messageId?: string): Promise<number> {
    let count = 0;
    const now = this.ctx.clock.now().getTime();
    for (let page = await this.ctx.storage.list<WebhookMessage>(COLLECTION, { prefix: `${subscriptionId}/` }); page.length > 0;
      page = await this.ctx.storage.list<WebhookMessage>(COLLECTION, { prefix: `${subscriptionId}/`, after: page.at(-1)!.key })) {
      for (const rec of page) {
        const m = rec.value;
        if (messageId !== undefined ? m.id !== messageId : m.state !== 'failed') continue;
        await this.ctx.storage.update(COLLECTION, rec.key, { ...m, state: 'pending', attempts: 0, createdAt: now }, { dueAt: now, expiresAt: null });
        count += 1;
      }
    }
    return count;
  }

  async failedCount(): Promise<number> {
    let n = 0;
    for (const sub of await this.subscriptions.list()) n += (await this.list(sub.id, 'failed', 1000)).length;
    return n;
  }

  start(): void {
    const tick = (): void => {
      this.running = this.sendDue().then(() => undefined, (err) => this.ctx.logger.error({ err }, 'webhook round failed')).finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.ctx.config.webhooks.pollMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.publicOnly?.close();
  }

  /** One round: the due messages (up to 50), sent in parallel. */
  async sendDue(): Promise<number> {
    const now = this.ctx.clock.now().getTime();
    const due = await this.ctx.storage.claimDue<WebhookMessage>(COLLECTION, now, 50, this.ctx.config.webhooks.timeoutMs * 3);
    await Promise.all(due.map((rec) => this.attempt(rec.key, rec.value, rec.version)));
    await this.ctx.storage.purgeExpired(now);
    return due.length;
  }

  private async attempt(key: string, m: WebhookMessage, version: number): Promise<void> {
    const o = this.ctx.config.webhooks;
    const sub = await this.subscriptions.byId(m.subscriptionId);
    // A deleted subscription (or one removed from the config), or one whose API key was revoked, hears nothing more.
    if (!sub || (sub.source === 'api' && !(await this.liveKey(sub.keyId)))) {
      await this.ctx.storage.delete(COLLECTION, key);
      return;
    }
    const at = this.ctx.clock.now();
    let status: number | undefined;
    let error: string | undefined;
    try {
      const signatures = this.subscriptions.signingSecrets(sub, at.getTime()).map((s) => new Webhook(s).sign(m.id, at, m.body));
      const refused = this.publicOnly ? privateTargetProblem(sub.url) : undefined;
      if (refused) throw new Error(`${refused} (webhooks.allowPrivateTargets is false)`);
      const res = await undiciFetch(sub.url, {
        ...(this.publicOnly ? { dispatcher: this.publicOnly } : {}),
        method: 'POST', body: m.body, redirect: 'manual', signal: AbortSignal.any([AbortSignal.timeout(o.timeoutMs), this.ctx.signal]),
        headers: {
          'content-type': 'application/json', 'user-agent': 'ksef-gateway-webhooks/1',
          'webhook-id': m.id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signatures.join(' '),
        },
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (status < 200 || status >= 300) error = `receiver answered ${status}`;
    } catch (err) {
      error = (err as Error).message;
    }
    const attempts = m.attempts + 1;
    const base = { ...m, attempts, lastAttemptAt: at.getTime(), ...(status !== undefined ? { lastStatus: status } : {}) };
    const log = { webhookId: m.id, subscription: sub.id, type: m.type, attempts, status };
    if (!error) {
      await this.ctx.storage.update(COLLECTION, key, { ...base, state: 'delivered', lastError: undefined },
        { dueAt: null, expiresAt: at.getTime() + KEEP_DELIVERED_MS, expectVersion: version });
      this.ctx.logger.info(log, 'webhook delivered');
      return;
    }
    const next = at.getTime() + Math.min(o.firstRetryMs * 2 ** (attempts - 1), MAX_DELAY_MS);
    const failed = next > m.createdAt + o.retryHours * 3_600_000;
    await this.ctx.storage.update(COLLECTION, key, { ...base, state: failed ? 'failed' : 'pending', lastError: error },
      { dueAt: failed ? null : next, expectVersion: version });
    this.ctx.logger.warn({ ...log, error, failed }, failed ? 'webhook failed for good' : 'webhook attempt failed');
  }
}
