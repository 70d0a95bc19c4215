import { randomBytes } from 'node:crypto';
import type { PluginContext } from '../../../core/plugin-api/index.js';
import type { RestOptions } from '../RestOptions.js';
import { configSubscriptionId, type WebhookEvent } from './webhookEvents.js';

export { WEBHOOK_EVENTS, type WebhookEvent } from './webhookEvents.js';

interface SealedSecret {
  readonly sealed: string;
  readonly createdAt: number;
  /** After a rotation the old secret keeps signing until then (receivers switch over in the meantime). */
  readonly retiresAt?: number;
}

interface SubscriptionCommon {
  readonly id: string;
  /** The contexts whose events it receives. */
  readonly contexts: readonly string[];
  readonly url: string;
  readonly events: readonly WebhookEvent[];
}

/** Created with POST /v1/webhooks, kept in the store with sealed secrets. */
export interface ApiSubscription extends SubscriptionCommon {
  readonly source: 'api';
  /** The API key that created it: its current contexts decide which events it gets; only that key manages it. */
  readonly keyId: string;
  readonly secrets: readonly SealedSecret[];
  readonly createdAt: string;
}

/** From the config file: its contexts are the config's, its secrets come from the environment and stay there. */
export interface ConfigSubscription extends SubscriptionCommon {
  readonly source: 'config';
  /** Newest first: `secret`, then `previousSecret` during a rotation. */
  readonly secrets: readonly string[];
}

export type Subscription = ApiSubscription | ConfigSubscription;

export interface SubscriptionView extends SubscriptionCommon {
  readonly source: Subscription['source'];
  readonly createdAt?: string;
  readonly secretRotatedAt?: string;
}

const COLLECTION = 'webhooks';

/**
 * Webhook subscriptions: per API key in the store (signing secrets sealed by `ctx.secrets` and shown once), and the
 * config file's, which no API call changes.
 */
export class WebhookSubscriptions {
  private cache?: { at: number; list: ApiSubscription[] };
  private readonly fromConfig: readonly ConfigSubscription[];

  constructor(private readonly ctx: PluginContext<RestOptions>) {
    this.fromConfig = ctx.config.webhooks.subscriptions.map((s) => ({
      source: 'config', id: configSubscriptionId(s.id), url: s.url, events: [...new Set(s.events)], contexts: [...new Set(s.contexts)].sort(),
      secrets: s.previousSecret !== undefined ? [s.secret, s.previousSecret] : [s.secret],
    }));
  }

  async create(key: { id: string; contexts: readonly string[] }, url: string, events: readonly WebhookEvent[]): Promise<{ view: SubscriptionView; secret: string }> {
    const id = `wh_${randomBytes(8).toString('hex')}`;
    const secret = newSecret();
    const now = this.ctx.clock.now();
    const sub: ApiSubscription = {
      source: 'api', id, keyId: key.id, contexts: key.contexts, url, events: [...new Set(events)],
      secrets: [{ sealed: this.ctx.secrets.seal(secret, `webhook:${id}`), createdAt: now.getTime() }], createdAt: now.toISOString(),
    };
    await this.ctx.storage.insert(COLLECTION, id, sub);
    this.cache = undefined;
    return { view: viewOf(sub), secret };
  }

  /** A new secret, shown once; the previous ones keep signing for the overlap window. Only API subscriptions. */
  async rotate(keyId: string, id: string): Promise<{ view: SubscriptionView; secret: string } | undefined> {
    const rec = await this.ctx.storage.get<ApiSubscription>(COLLECTION, id);
    if (!rec || rec.value.keyId !== keyId) return undefined;
    const now = this.ctx.clock.now().getTime();
    const retiresAt = now + this.ctx.config.webhooks.rotationOverlapHours * 3_600_000;
    const secret = newSecret();
    const kept = rec.value.secrets.filter((s) => s.retiresAt === undefined || s.retiresAt > now).map((s) => ({ ...s, retiresAt: s.retiresAt ?? retiresAt }));
    const sub: ApiSubscription = { ...stored(rec.value), secrets: [{ sealed: this.ctx.secrets.seal(secret, `webhook:${id}`), createdAt: now }, ...kept] };
    if (!(await this.ctx.storage.update(COLLECTION, id, sub, { expectVersion: rec.version }))) return undefined;
    this.cache = undefined;
    return { view: viewOf(sub), secret };
  }

  /**
   * A subscription the key may see: its own, or a config subscription whose contexts the key covers entirely (a key
   * never learns of a receiver that hears another tenant's events).
   */
  async get(key: { id: string; contexts: readonly string[] }, id: string): Promise<Subscription | undefined> {
    const configured = this.fromConfig.find((s) => s.id === id);
    if (configured) return covers(key, configured) ? configured : undefined;
    const rec = await this.ctx.storage.get<ApiSubscription>(COLLECTION, id);
    return rec && rec.value.keyId === key.id ? stored(rec.value) : undefined;
  }

  /** By id, whoever owns it (the sender); a config subscription removed from the config is gone. */
  async byId(id: string): Promise<Subscription | undefined> {
    const configured = this.fromConfig.find((s) => s.id === id);
    if (configured) return configured;
    const rec = await this.ctx.storage.get<ApiSubscription>(COLLECTION, id);
    return rec ? stored(rec.value) : undefined;
  }

  /** Every subscription (the sender), or those a key may see. */
  async list(key?: { id: string; contexts: readonly string[] }): Promise<Subscription[]> {
    const api = await this.apiSubscriptions();
    if (key === undefined) return [...this.fromConfig, ...api];
    return [...this.fromConfig.filter((s) => covers(key, s)), ...api.filter((s) => s.keyId === key.id)];
  }

  /** Removes an API subscription of the key; config subscriptions are removed from the config file. */
  async remove(keyId: string, id: string): Promise<boolean> {
    const rec = await this.ctx.storage.get<ApiSubscription>(COLLECTION, id);
    if (!rec || rec.value.keyId !== keyId) return false;
    this.cache = undefined;
    return this.ctx.storage.delete(COLLECTION, id);
  }

  /** The secrets that sign now, newest first (`whsec_...`). */
  signingSecrets(sub: Subscription, now: number): string[] {
    if (sub.source === 'config') return [...sub.secrets];
    return sub.secrets.filter((s) => s.retiresAt === undefined || s.retiresAt > now).map((s) => this.ctx.secrets.open(s.sealed, `webhook:${sub.id}`));
  }

  private async apiSubscriptions(): Promise<ApiSubscription[]> {
    if (this.cache && this.cache.at > Date.now() - 1000) return this.cache.list;
    const all: ApiSubscription[] = [];
    for (let page = await this.ctx.storage.list<ApiSubscription>(COLLECTION); page.length > 0;
      page = await this.ctx.storage.list<ApiSubscription>(COLLECTION, { after: page.at(-1)!.key })) all.push(...page.map((r) => stored(r.value)));
    this.cache = { at: Date.now(), list: all };
    return all;
  }
}

const covers = (key: { contexts: readonly string[] }, sub: ConfigSubscription): boolean => sub.contexts.every((c) => key.contexts.includes(c));

/** Records written before subscriptions had a `source` are API subscriptions. */
const stored = (value: ApiSubscription): ApiSubscription => ({ ...value, source: 'api' });

/** `whsec_` + 32 random bytes in base64, the format Standard Webhooks libraries take. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function viewOf(s: Subscription): SubscriptionView {
  const common = { id: s.id, source: s.source, contexts: s.contexts, url: s.url, events: s.events };
  return s.source === 'config' ? common : { ...common, createdAt: s.createdAt,
    secretRotatedAt: new Date(Math.max(...s.secrets.map((x) => x.createdAt))).toISOString() };
}
