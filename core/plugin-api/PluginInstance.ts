import type { HealthStatus } from './PluginContext.js';
import type { ErpDocument, GatewayEvent, InboundInvoice, Outcome, Receipt } from './types.js';

/**
 * Lifecycle hooks every plugin instance may implement. The host calls `start` once after all plugins are created
 * (in config order), `check` whenever health is asked for, and `stop` once at shutdown (in reverse order).
 *
 * @example
 * ```ts
 * const instance: PluginInstance = {
 *   async start() { await connect(); },
 *   async check() { return { status: 'up' }; },
 *   async stop() { await disconnect(); },
 * };
 * ```
 */
export interface PluginInstance {
  start?(): Promise<void>;
  /** May throw or hang: the host turns both into `down`. */
  check?(): Promise<HealthStatus>;
  /**
   * `doctor` calls it on an instance it created but never started: try the way to the ERP (log on, read the
   * system's identity) and let go of it again. Optional; may throw or hang like `check`.
   */
  diagnose?(): Promise<HealthStatus>;
  stop?(): Promise<void>;
}

/**
 * An ERP adapter: documents come in by push (`ctx.gateway.submit`) or pull (`poll`), outcomes go back by `deliver`.
 *
 * @example
 * ```ts
 * const adapter: ErpAdapter = {
 *   async poll() { return readNewInvoicesFromErp(); },
 *   async onSubmitted(receipt) { await markTaken(receipt.erpId); },
 *   async deliver(outcome) {
 *     if (outcome.kind === 'accepted') await saveKsefNumber(outcome.erpId, outcome.ksefNumber);
 *     else await saveErrors(outcome.erpId, outcome.errors);
 *   },
 * };
 * ```
 */
export interface ErpAdapter extends PluginInstance {
  /**
   * Pull: called on the instance's schedule (`plugins[].pollIntervalMs`). Return the documents that are new since
   * the last call; returning one again is harmless (the gateway de-duplicates by `erpId`).
   */
  poll?(): Promise<readonly ErpDocument[]>;
  /** Called for every polled document once it is durably stored, so the plugin can mark it taken in the ERP. */
  onSubmitted?(receipt: Receipt): Promise<void>;
  /**
   * Called with the final outcome of each of this instance's documents. Resolve to acknowledge; throw (or reject)
   * and the gateway retries with backoff, so it must be idempotent (the same outcome may arrive twice).
   */
  deliver(outcome: Outcome): Promise<void>;
  /**
   * Inbound direction (optional): each invoice KSeF holds for a context (purchases by default), once stored by the
   * gateway's purchase sync. Resolve to acknowledge; throw and the gateway retries with backoff (also after a
   * restart), so it must be idempotent: key on `invoice.ksefNumber`. An instance with `receive` gets every invoice
   * received while it is configured; invoices received before it was added are not replayed.
   *
   * @example
   * ```ts
   * async receive(invoice) {
   *   if (await erp.hasPurchase(invoice.ksefNumber)) return;        // delivered before: acknowledge again
   *   await erp.postPurchase({ ksefNumber: invoice.ksefNumber, xml: invoice.xml, receivedAt: invoice.acquisitionDate });
   * }
   * ```
   */
  receive?(invoice: InboundInvoice): Promise<void>;
  /**
   * Events (optional), so the ERP can show its users why invoices wait without ever seeing a token: a context paused
   * or resumed, a credential expiring, a document rejected, KSeF unreachable (every `GatewayEvent` type; ignore the
   * rest). The gateway keeps each event until this resolves and hands them over in order; throw and it retries with
   * backoff (also after a restart), later events waiting behind. An instance hears events from when it was first
   * configured, not the history.
   *
   * @example
   * ```ts
   * async onEvent(event) {
   *   if (event.type === 'context-paused') await erp.showBanner(event.contextNip, event.message);
   *   if (event.type === 'context-resumed') await erp.clearBanner(event.contextNip);
   * }
   * ```
   */
  onEvent?(event: GatewayEvent): Promise<void>;
}

/**
 * A notifier: forwards gateway events (mail, chat, pager). Each event is kept in the gateway's store until `notify`
 * resolves; a rejection is retried with backoff (also after a restart), later events waiting behind it.
 *
 * @example
 * ```ts
 * const notifier: Notifier = { async notify(event) { await sendMail(event.type, event.message); } };
 * ```
 */
export interface Notifier extends PluginInstance {
  notify(event: GatewayEvent): Promise<void>;
}

/**
 * What `create` returns for each plugin kind.
 *
 * @example
 * ```ts
 * type Mine = InstanceFor<'erp-adapter'>; // ErpAdapter
 * ```
 */
export type InstanceFor<K extends 'erp-adapter' | 'notifier'> = K extends 'erp-adapter' ? ErpAdapter : Notifier;
