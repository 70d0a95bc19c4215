import type { FastifyInstance } from 'fastify';
import type { DocumentView, PluginContext } from '../../../core/plugin-api/index.js';
import { toInvoiceView } from '../invoices/toInvoiceView.js';
import type { RestOptions } from '../RestOptions.js';
import { webhookRoutes } from './webhookRoutes.js';
import { WebhookOutbox } from './WebhookOutbox.js';
import { WebhookSubscriptions, type WebhookEvent } from './WebhookSubscriptions.js';

/** The event a document's state announces, if any. */
export function eventOf(doc: DocumentView): WebhookEvent | undefined {
  if (doc.state === 'invalid') return 'invoice.invalid';
  if (doc.state === 'accepted' || (doc.state === 'delivered' && doc.ksefNumber)) return 'invoice.accepted';
  if (doc.state === 'rejected' || doc.state === 'delivered') return 'invoice.rejected';
  return undefined;
}

/** Subscriptions + outbox: what the rest of the plugin calls to announce something. */
export class Webhooks {
  readonly subscriptions: WebhookSubscriptions;
  readonly outbox: WebhookOutbox;

  /** `liveKey`: the subscription's API key when it still exists, unrevoked: its current contexts decide what it hears. */
  constructor(private readonly ctx: PluginContext<RestOptions>, private readonly liveKey: (id: string) => Promise<{ contexts: readonly string[] } | undefined>) {
    this.subscriptions = new WebhookSubscriptions(ctx);
    this.outbox = new WebhookOutbox(ctx, this.subscriptions, liveKey);
  }

  /** Stores one message per subscription that covers the document's context and wants its event. */
  async announceDocument(doc: DocumentView): Promise<void> {
    const type = eventOf(doc);
    if (!type) return;
    const view = toInvoiceView(doc);
    await this.announce(type, String(view.context), doc.documentId, view);
  }

  async announce(type: WebhookEvent, context: string, subject: string, data: Record<string, unknown>): Promise<void> {
    for (const sub of await this.subscriptions.list()) {
      if (!sub.events.includes(type)) continue;
      // An API subscription hears its key's current contexts (none once revoked); a config one, the config's.
      const contexts = sub.source === 'config' ? sub.contexts : (await this.liveKey(sub.keyId))?.contexts;
      if (contexts?.includes(context)) await this.outbox.enqueue(sub, type, subject, data);
    }
  }

  routes(app: FastifyInstance): void {
    webhookRoutes(app, this.subscriptions, this.outbox, this.ctx.config.webhooks.allowPrivateTargets);
  }

  start(): void {
    this.outbox.start();
  }

  stop(): Promise<void> {
    return this.outbox.stop();
  }

  failingCount(): Promise<number> {
    return this.outbox.failedCount();
  }
}
