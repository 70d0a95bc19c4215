import { randomBytes } from 'node:crypto';
import type { PluginContext } from '../../../core/plugin-api/index.js';
import type { RestOptions } from '../RestOptions.js';

/** The events a subscription may ask for. */
export const WEBHOOK_EVENTS = ['invoice.accepted', 'invoice.rejected', 'invoice.invalid', 'context.paused', 'context.resumed', 'credential.expiring', 'purchase.received'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

interface SealedSecret {
  readonly sealed: string;
  readonly createdAt: number;
  /** After a rotation the old secret keeps signing until then (receivers switch over in the meantime). */
  readonly retiresAt?: number;
}

export interface Subscription {
  readonly id: string;
  /** The API key that created it: its contexts decide which events it gets; only that key sees it. */
  readonly keyId: string;
  readonly contexts: readonly string[];
  readonly url: string;
  readonly events: readonly WebhookEvent[];
  readonly secrets: readonly SealedSecret[];
  readonly createdAt: string;
}

export type SubscriptionView = Omit<Subscription, 'secrets' | 'keyId'> & { readonly secretRotatedAt: string };

const COLLECTION = 'webhooks';

/** Webhook subscriptions per API key, with signing secrets sealed by `ctx.secrets` and shown once. */
export class WebhookSubscriptions {
  private cache?: { at: number; list: Subscription[] };

  constructor(private readonly ctx: PluginContext<RestOptions>) {}

  async create(key: { id: string; contexts: readonly string[] }, url: string, events: readonly WebhookEvent[]): Promise<{ view: SubscriptionView; secret: string }> {
    const id = `wh_${randomBytes(8).toString('hex')}`;
    const secret = newSecret();
    const now = this.ctx.clock.now();
    const sub: Subscription = {
      id, keyId: key.id, contexts: key.contexts, url, events: [...new Set(events)],
      secrets: [{ sealed: this.ctx.secrets.seal(secret, `webhook:${id}`), createdAt: now.getTime() }], createdAt: now.toISOString(),
    };
    await this.ctx.storage.insert(COLLECTION, id, sub);
    this.cache = undefined;
    return { view: viewOf(sub), secret };
  }

  /** A new secret, shown once; the previous ones keep signing for the overlap window. */
  async rotate(keyId: string, id: string): Promise<{ view: SubscriptionView; secret: string } | undefined> {
    const rec = await this.ctx.storage.get<Subscription>(COLLECTION, id);
    if (!rec || rec.value.keyId !== keyId) return undefined;
    const now = this.ctx.clock.now().getTime();
    const retiresAt = now + this.ctx.config.webhooks.rotationOverlapHours * 3_600_000;
    const secret = newSecret();
    const kept = rec.value.secrets.filter((s) => s.retiresAt === undefined || s.retiresAt > now).map((s) => ({ ...s, retiresAt: s.retiresAt ?? retiresAt }));
    const sub: Subscription = { ...rec.value, secrets: [{ sealed: this.ctx.secrets.seal(secret, `webhook:${id}`), createdAt: now }, ...kept] };
    if (!(await this.ctx.storage.update(COLLECTION, id, sub, { expectVersion: rec.version }))) return undefined;
    this.cache = undefined;
    return { view: viewOf(sub), secret };
  }

  async get(keyId: string, id: string): Promise<Subscription | undefined> {
    const rec = await this.ctx.storage.get<Subscription>(COLLECTION, id);
    return rec && rec.value.keyId === keyId ? rec.value : undefined;
  }

  /** By id, whoever owns it (the sender). */
  async byId(id: string): Promise<Subscription | undefined> {
    return (await this.ctx.storage.get<Subscription>(COLLECTION, id))?.value;
  }

  async list(keyId?: string): Promise<Subscription[]> {
    if (this.cache && this.cache.at > Date.now() - 1000) return this.cache.list.filter((s) => keyId === undefined || s.keyId === keyId);
    const all: Subscription[] = [];
    for (let page = await this.ctx.storage.list<Subscription>(COLLECTION); page.length > 0;
      page = await this.ctx.storage.list<Subscription>(COLLECTION, { after: page.at(-1)!.key })) all.push(...page.map((r) => r.value));
    this.cache = { at: Date.now(), list: all };
    return all.filter((s) => keyId === undefined || s.keyId === keyId);
  }

  async remove(keyId: string, id: string): Promise<boolean> {
    if (!(await this.get(keyId, id))) return false;
    this.cache = undefined;
    return this.ctx.storage.delete(COLLECTION, id);
  }

  /** The secrets that sign now, newest first (`whsec_...`). */
  signingSecrets(sub: Subscription, now: number): string[] {
    return sub.secrets.filter((s) => s.retiresAt === undefined || s.retiresAt > now).map((s) => this.ctx.secrets.open(s.sealed, `webhook:${sub.id}`));
  }
}

/** `whsec_` + 32 random bytes in base64, the format Standard Webhooks libraries take. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function viewOf(s: Subscription): SubscriptionView {
  return { id: s.id, contexts: s.contexts, url: s.url, events: s.events, createdAt: s.createdAt,
    secretRotatedAt: new Date(Math.max(...s.secrets.map((x) => x.createdAt))).toISOString() };
}
