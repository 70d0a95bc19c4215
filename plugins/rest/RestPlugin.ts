import type { FastifyInstance } from 'fastify';
import type { DocumentView, ErpAdapter, GatewayEvent, HealthStatus, InboundInvoice, Outcome, PluginContext, Receipt } from '../../core/plugin-api/index.js';
import { ApiKeys } from './auth/ApiKeys.js';
import { buildServer } from './http/buildServer.js';
import type { ProblemError } from './http/problems.js';
import { Idempotency } from './idempotency/Idempotency.js';
import { InvoiceIntake } from './invoices/InvoiceIntake.js';
import { PurchaseRecords } from './purchases/PurchaseRecords.js';
import type { RestOptions } from './RestOptions.js';
import { contextWebhookOf } from './webhooks/contextWebhookOf.js';
import { Webhooks } from './webhooks/Webhooks.js';

/**
 * The REST plugin instance: an HTTP API that takes invoices (push) and announces their outcomes by signed webhooks
 * from a durable outbox. `deliver` acknowledges an outcome once its webhook events are stored.
 */
export class RestPlugin implements ErpAdapter {
  private server?: FastifyInstance;
  readonly keys: ApiKeys;
  readonly webhooks: Webhooks;
  readonly purchases: PurchaseRecords;
  /** Where the API listens once started (`http://127.0.0.1:8480`). */
  url?: string;

  constructor(private readonly ctx: PluginContext<RestOptions>) {
    this.keys = new ApiKeys(ctx.storage, () => ctx.clock.now());
    this.webhooks = new Webhooks(ctx, (id) => this.keys.live(id));
    this.purchases = new PurchaseRecords(ctx);
  }

  async start(): Promise<void> {
    const o = this.ctx.config;
    const idempotency = new Idempotency(this.ctx.storage, { ttlMs: o.idempotencyHours * 3_600_000, waitMs: 10_000, staleMs: 60_000 });
    const intake = new InvoiceIntake(this.ctx, (receipt, context, errors) => this.onInvalid(receipt, context, errors));
    this.server = await buildServer({
      ctx: this.ctx, keys: this.keys, idempotency, intake, purchases: this.purchases,
      extraRoutes: (app) => this.webhooks.routes(app),
    });
    const address = await this.server.listen({ host: o.host, port: o.port });
    // Shutdown stops intake first: no new request is taken while the gateway drains; requests in flight finish.
    this.ctx.signal.addEventListener('abort', () => { void this.server?.close(); }, { once: true });
    this.url = address;
    this.webhooks.start();
    this.ctx.logger.info({ url: address, tls: o.tls !== undefined }, 'REST API listening');
  }

  async stop(): Promise<void> {
    await this.webhooks.stop();
    await this.server?.close();
  }

  async check(): Promise<HealthStatus> {
    if (!this.server?.server.listening) return { status: 'down', detail: 'REST API not listening' };
    const failing = await this.webhooks.failingCount();
    return failing > 0 ? { status: 'degraded', detail: `${failing} webhook deliveries failed` } : { status: 'up' };
  }

  /** The outcome becomes webhook events in the store; the gateway may then mark it delivered. */
  async deliver(outcome: Outcome): Promise<void> {
    const doc = await this.ctx.queries.document(outcome.documentId);
    if (doc) await this.webhooks.announceDocument(doc);
  }

  /**
   * A received (purchase) invoice: kept for GET /v1/purchases and announced as `purchase.received` to the subscriptions
   * whose key covers its context; acknowledged once both are stored, and a redelivery adds neither again.
   */
  async receive(invoice: InboundInvoice): Promise<void> {
    await this.purchases.receive(invoice, (view) =>
      // The subject is the context and KSeF number: the same invoice in two contexts makes two messages, one each.
      this.webhooks.announce('purchase.received', view.context, `purchase:${view.context}:${view.ksefNumber}`, { ...view }));
  }

  /** A context's events become webhook messages for the subscriptions whose key covers that context. */
  async onEvent(event: GatewayEvent): Promise<void> {
    const hook = contextWebhookOf(event);
    if (hook) await this.webhooks.announce(hook.type, hook.context, hook.subject, hook.data);
  }

  private async onInvalid(receipt: Receipt, _context: string, _errors: readonly ProblemError[]): Promise<void> {
    const doc: DocumentView | undefined = await this.ctx.queries.document(receipt.documentId);
    if (doc) await this.webhooks.announceDocument(doc);
  }
}
