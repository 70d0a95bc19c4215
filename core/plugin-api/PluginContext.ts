import type { Logger } from 'pino';
import type { GatewayQueries } from './GatewayQueries.js';
import type { PluginSecrets } from './PluginSecrets.js';
import type { PluginRateLimits } from './PluginRateLimits.js';
import type { PluginStorage } from './PluginStorage.js';
import type { ErpDocument, Receipt, ValidationReport } from './types.js';

/**
 * The health a plugin reports: `up`, `degraded` (works, with trouble) or `down`, with a short reason.
 *
 * @example
 * ```ts
 * const health: HealthStatus = { status: 'degraded', detail: 'ERP answers slowly' };
 * ```
 */
export interface HealthStatus {
  readonly status: 'up' | 'degraded' | 'down';
  readonly detail?: string;
}

/**
 * The only core services a plugin sees: a narrow facade, never the container.
 *
 * @example
 * ```ts
 * const receipt = await ctx.gateway.submit({
 *   erpId: 'INV/2026/0001',
 *   payload: { format: 'fa3-xml', xml },
 * });
 * // receipt.documentId is durable: the document survives a crash from here on.
 * ```
 */
export interface GatewayFacade {
  /**
   * Stores the document durably and returns its receipt; the gateway sends it to KSeF and later calls the
   * plugin's `deliver` with the outcome. Submitting the same `erpId` again returns the existing receipt
   * (`duplicate: true`) and never creates a second KSeF invoice. Rejects with a `GatewayError` of kind `data`
   * when the document is malformed (the error names the document and the field).
   */
  submit(document: ErpDocument): Promise<Receipt>;
  /**
   * The whole check without storing anything: draft completion, FA(3) build, file checks, XSD and business rules
   * under the rule policy of the seller's context. Resolves with every error and warning at once and, when valid,
   * the FA(3) XML; rejects only when the gateway itself fails. For plugins that answer their ERP synchronously and
   * for dry runs.
   *
   * @example
   * ```ts
   * const report = await ctx.gateway.validate({ erpId: 'FV-1', payload: { format: 'draft', draft, sources } });
   * for (const e of report.errors) ctx.logger.warn({ code: e.code, field: e.field, source: e.source }, 'draft refused');
   * ```
   */
  validate(document: ErpDocument): Promise<ValidationReport>;
}

/**
 * Lets a plugin tell the host how it is doing between health checks (for example after losing its ERP connection).
 *
 * @example
 * ```ts
 * ctx.health.report({ status: 'down', detail: 'inbox folder missing' });
 * ```
 */
export interface HealthReporter {
  report(status: HealthStatus): void;
}

/**
 * The gateway's clock; use it instead of `Date.now()` so tests can move time.
 *
 * @example
 * ```ts
 * const stamp = ctx.clock.now().toISOString();
 * ```
 */
export interface Clock {
  now(): Date;
}

/**
 * Pino logger given to a plugin: already a child carrying `{ plugin, instance }` and redacting secrets. Log an
 * object first and a constant message second; never a payload or a secret.
 *
 * @example
 * ```ts
 * ctx.logger.info({ count: files.length }, 'inbox scanned');
 * const docLog = ctx.logger.child({ docId: receipt.documentId });
 * ```
 */
export type PluginLogger = Logger;

/**
 * Everything a plugin instance gets from the host when it is created.
 *
 * @example
 * ```ts
 * create(ctx: PluginContext<{ inbox: string }>) {
 *   ctx.logger.info({ inbox: ctx.config.inbox }, 'created');
 *   ctx.signal.addEventListener('abort', () => ctx.logger.info({}, 'gateway stopping'));
 *   return { async deliver() {} };
 * }
 * ```
 */
export interface PluginContext<TConfig = unknown> {
  /** The instance id from config (`plugins[].id`); outcomes of this instance's documents come back to it. */
  readonly instanceId: string;
  /** The plugin's options, validated by its `configSchema` and deeply frozen. */
  readonly config: Readonly<TConfig>;
  readonly logger: PluginLogger;
  /** Aborted when the gateway shuts down: stop long waits and loops. */
  readonly signal: AbortSignal;
  readonly gateway: GatewayFacade;
  readonly health: HealthReporter;
  readonly clock: Clock;
  /** A folder reserved for this instance under the gateway's data directory (created on demand by the plugin). */
  readonly dataDir: string;
  /** Read-only questions about this instance's documents and the contexts' credential health (never a secret). */
  readonly queries: GatewayQueries;
  /** This instance's own durable records in the gateway's store (SQLite or PostgreSQL). */
  readonly storage: PluginStorage;
  /** Seals secrets the plugin keeps in its storage (key derived from the gateway's master key for this instance). */
  readonly secrets: PluginSecrets;
  /** Request counters shared by every gateway instance on the store (per-client limits of an API, for example). */
  readonly rateLimits: PluginRateLimits;
}
