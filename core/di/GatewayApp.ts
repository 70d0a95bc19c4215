import type { Container } from 'inversify';
import type { Logger } from 'pino';
import type { DestinationStream } from 'pino';
import type { RunningSimulator } from '../../adapters/ksef-simulator/startSimulator.js';
import type { GatewayConfig } from '../config/GatewayConfig.js';
import type { LoadedConfig } from '../config/loadConfig.js';
import { LoggerToken } from '../logging/LoggerToken.js';
import type { EventDispatcher } from '../events/EventDispatcher.js';
import { EVENT_OUTBOX } from '../events/ports/EventOutbox.js';
import { createNotifications } from '../notifications/createNotifications.js';
import type { Notifications } from '../notifications/Notifications.js';
import type { AlertStatus } from '../notifications/AlertStatus.js';
import { PLUGIN_RECORD_STORE } from '../plugins/ports/PluginRecordStore.js';
import { PIPELINE_EVENTS } from '../pipeline/ports/PipelineEvents.js';
import { PIPELINE_METRICS } from '../pipeline/ports/PipelineMetrics.js';
import { SUBMISSION_STORE, type SubmissionStore } from '../pipeline/ports/SubmissionStore.js';
import type { PipelineQueries } from '../pipeline/PipelineQueries.js';
import { PluginHostToken, type PluginHost } from '../plugins/PluginHost.js';
import { withTimeout } from '../plugins/withTimeout.js';
import { CertificateExpiryMonitor, type ExpiryAlert } from '../credentials/CertificateExpiryMonitor.js';
import { CREDENTIAL_VAULT, type CredentialVault } from '../vault/CredentialVault.js';
import { SecretValue } from '../vault/SecretValue.js';
import { configuredTokenIgnored, configuredTokenUse } from '../credentials/configuredTokenUse.js';
import { composeContainer, gatewayFiles } from './compositionRoot.js';
import { instanceId } from '../config/instanceId.js';
import { KSEF_CLIENT_PROVIDER } from '../pipeline/ports/KsefClientProvider.js';
import type { VaultKsefClientProvider } from '../pipeline/VaultKsefClientProvider.js';
import { PurchaseStoreToken, type PurchaseStore } from '../purchases/ports/PurchaseStore.js';
import { PurchaseMetrics } from '../purchases/PurchaseMetrics.js';
import { PurchaseService } from '../purchases/PurchaseService.js';
import type { PurchaseReceiver } from '../purchases/PurchaseDelivery.js';
import { TOKENS } from './tokens.js';
import { applyHeapGrowth } from '../memory/applyHeapGrowth.js';
import { loadOnce } from '../lazy/loadOnce.js';
import { BackgroundProblems } from '../pipeline/BackgroundProblems.js';

export { DEMO_NIP } from '../config/sendingContexts.js';
import { DEMO_NIP } from '../config/sendingContexts.js';
const DEMO_PERMISSIONS = ['InvoiceWrite', 'InvoiceRead'] as const;

export interface GatewayAppOptions {
  readonly loaded: LoadedConfig;
  readonly env?: NodeJS.ProcessEnv;
  readonly logDestination?: DestinationStream;
  /** Start the in-process simulator when the config enables it (commands that only read the store pass false). */
  readonly connect?: boolean;
  /** See ComposeOptions.waitForStoreMs. */
  readonly waitForStoreMs?: number;
}

/** The simulator and its crypto are loaded only by a gateway that runs one (demo, embedded defaults). */
const simulatorModule = loadOnce(() => import('../../adapters/ksef-simulator/startSimulator.js'));

/**
 * A composed gateway: start order is simulator (if enabled) -> credentials -> pipeline (recovery first) -> plugins
 * -> admin port; stop order drains: plugin intake -> pipeline (round in flight, live sessions closed) -> plugins ->
 * admin -> simulator -> `unbindAllAsync()` (closes store, vault, client pool).
 */
export class GatewayApp {
  private started = false;
  private stopping?: Promise<void>;
  private expiryMonitor?: CertificateExpiryMonitor;
  private events?: EventDispatcher;
  private notifications?: Notifications;
  private purchaseService?: PurchaseService;
  private purchasesRunning = false;
  private backgroundProblems?: BackgroundProblems;
  adminUrl?: string;

  private constructor(readonly container: Container, readonly config: GatewayConfig, readonly simulator: RunningSimulator | undefined) {}

  static async create(opts: GatewayAppOptions): Promise<GatewayApp> {
    const { config } = opts.loaded;
    applyHeapGrowth(config.memory.heapGrowthPercent);
    const files = gatewayFiles(config, opts.env);
    let simulator: RunningSimulator | undefined;
    if (opts.connect !== false && config.ksef.simulator.enabled) {
      const { startSimulator } = await simulatorModule();
      simulator = await startSimulator({
        port: config.ksef.simulator.port, dataDir: files.simulator, rateLimits: config.ksef.simulator.rateLimits, processingDelayMs: 50,
        schemasDir: config.schemasDir ?? ((opts.env ?? process.env).KSEF_SCHEMAS_DIR || undefined),
      });
    }
    try {
      const container = await composeContainer({
        loaded: opts.loaded, env: opts.env, logDestination: opts.logDestination, waitForStoreMs: opts.waitForStoreMs,
        endpoint: simulator ? { kind: 'url', baseUrl: simulator.baseUrl, simulator: true } : undefined,
      });
      return new GatewayApp(container, config, simulator);
    } catch (err) {
      await simulator?.close();
      throw err;
    }
  }

  get logger(): Logger { return this.container.get(LoggerToken); }
  get store(): SubmissionStore { return this.container.get(SUBMISSION_STORE); }
  get vault(): CredentialVault { return this.container.get(CREDENTIAL_VAULT); }
  get queries(): PipelineQueries { return this.container.get(TOKENS.PipelineQueries); }
  get plugins(): PluginHost { return this.container.get(PluginHostToken); }
  get purchaseStore(): PurchaseStore { return this.container.get(PurchaseStoreToken); }

  /** The inbound direction (docs/purchases.md): scheduled and on-demand syncs, deliveries to plugins with `receive`. */
  get purchases(): PurchaseService {
    if (!this.purchaseService) {
      const p = this.config.purchases;
      const clients = this.container.get(KSEF_CLIENT_PROVIDER) as VaultKsefClientProvider;
      // Every loaded instance: adapters with `receive` get the invoices; the others' queued deliveries are closed.
      const receivers = (): PurchaseReceiver[] => this.plugins.registry.all().map((p) => {
        const receive = p.kind === 'erp-adapter' ? p.instance.receive?.bind(p.instance) : undefined;
        return { id: p.instanceId, receive };
      });
      this.purchaseService = new PurchaseService(this.purchaseStore, { forContext: (nip) => clients.client(nip) }, {
        owner: instanceId(gatewayFiles(this.config).dataDir, this.config.instanceId), contexts: () => this.contexts(), subjectTypes: p.subjectTypes,
        intervalMs: p.intervalMinutes * 60_000, since: p.since, exportsPerHour: p.exportsPerHour, receivers,
        consumers: () => this.config.plugins.map((e) => e.id),
        logger: this.logger.child({ area: 'purchases' }), metrics: new PurchaseMetrics(this.container.get(TOKENS.PromMetrics).registry),
      });
    }
    return this.purchaseService;
  }

  /** The notification rules and channels (docs/notifications.md); `notify test` uses them without starting anything. */
  createNotifications(): Notifications {
    const events = this.container.get(TOKENS.EventDispatcher);
    return createNotifications({
      config: this.config.notifications, store: this.store, vault: this.vault, events: this.container.get(EVENT_OUTBOX),
      wakeEvents: () => events.wake(), records: this.container.get(PLUGIN_RECORD_STORE),
      ...(this.config.purchases.enabled ? { purchases: this.purchaseStore } : {}),
      gateway: this.container.get(TOKENS.PipelineOptions).instanceId, logger: this.logger.child({ area: 'notifications' }),
    });
  }

  /** Open alerts, unsent alert messages and event consumers that are behind, for `status`. */
  async alertStatus(): Promise<AlertStatus> {
    const notifications = this.createNotifications();
    try {
      return {
        open: await notifications.episodes.openConditions(), unsent: await notifications.outbox.waiting(),
        behind: (await this.container.get(EVENT_OUTBOX).backlog()).filter((b) => b.waiting > 0),
      };
    } finally {
      await notifications.stop();
    }
  }

  /** Background work that fails is logged, counted and kept in the store for `status` and /healthz. */
  get problems(): BackgroundProblems {
    this.backgroundProblems ??= new BackgroundProblems(this.store, this.logger.child({ area: 'background' }),
      (area) => this.container.get(TOKENS.PromMetrics).backgroundError(area));
    return this.backgroundProblems;
  }

  /** The contexts the gateway sends for: configured ones, or the demo context on the simulator. */
  contexts(): string[] {
    const nips = this.config.contexts.map((c) => c.nip);
    return nips.length === 0 && this.simulator ? [DEMO_NIP] : nips;
  }

  async start(): Promise<void> {
    // The validation threads compile their schemas now: a broken installation stops the start, as it does without threads.
    await this.container.get(TOKENS.Fa3ValidationPool)?.start();
    await this.ensureCredentials();
    const metrics = this.container.get(PIPELINE_METRICS);
    for (const c of await this.vault.list()) metrics.credentialStatus(c.contextNip, c.status);
    // Plugins load and start before the pipeline: its first delivery pass must find the ERP adapters it delivers to
    // ready, or every restart would spend a delivery attempt of each pending outcome (and end in a false
    // delivery-failing). What they submit meanwhile only waits in the outbox.
    this.plugins.reportPollFailuresTo(this.problems);
    await this.plugins.load(this.config.plugins);
    // The core binds what create() returned: unnamed, indexed by the registry (INVERSIFY.md pitfall 5).
    for (const plugin of this.plugins.registry.all()) {
      if (plugin.kind === 'erp-adapter') this.container.bind(TOKENS.ErpAdapter).toConstantValue(plugin.instance);
      else this.container.bind(TOKENS.Notifier).toConstantValue(plugin.instance);
    }
    await this.plugins.start();
    // Events wait in the store for whoever was down; notifiers and adapters hear them from here on, in order.
    this.events = this.container.get(TOKENS.EventDispatcher);
    await this.events.start();
    this.notifications = this.createNotifications();
    this.notifications.start();
    await this.container.get(TOKENS.Pipeline).start();
    this.started = true;
    if (this.config.purchases.enabled) {
      this.purchases.start();
      this.purchasesRunning = true;
    }
    this.expiryMonitor = new CertificateExpiryMonitor(this.vault, {
      onAlert: (alert) => this.alertExpiry(alert),
      onError: (err) => this.problems.failed('certificate-expiry', err),
      onChecked: () => this.problems.worked('certificate-expiry'),
    });
    await this.expiryMonitor.checkNow();
    this.expiryMonitor.start();
    if (this.config.admin.enabled) this.adminUrl = (await this.container.get(TOKENS.AdminServer).listen()).url;
    this.logger.info({ contexts: this.contexts(), admin: this.adminUrl, simulator: this.simulator?.baseUrl }, 'gateway started');
  }

  /** Idempotent; safe to call from a signal handler while start() is still running. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    const log = this.logger;
    log.info({}, 'gateway stopping');
    this.expiryMonitor?.stop();
    await this.plugins.stopIntake().catch((err) => log.error({ err }, 'stopping plugin intake failed'));
    if (this.purchasesRunning) await this.purchases.stop().catch((err) => log.error({ err }, 'stopping the purchase sync failed'));
    if (this.started) {
      // Work in flight is durable; past the drain timeout it is parked and resolved on the next start.
      const ms = this.config.shutdown.drainTimeoutMs;
      await withTimeout(this.container.get(TOKENS.Pipeline).stop(), ms, () => new Error(`pipeline did not drain within ${ms} ms`))
        .catch((err) => log.error({ err }, 'pipeline stop failed'));
    }
    await this.notifications?.stop().catch((err) => log.error({ err }, 'stopping notifications failed'));
    await this.events?.stop().catch((err) => log.error({ err }, 'stopping event delivery failed'));
    await this.plugins.stop().catch((err) => log.error({ err }, 'stopping plugins failed'));
    if (this.adminUrl) await this.container.get(TOKENS.AdminServer).close();
    await this.container.unbindAllAsync();
    await this.simulator?.close();
    log.info({}, 'gateway stopped');
  }

  /** A certificate or token near its end must be replaced before authentication starts failing: say it loudly, everywhere. */
  private async alertExpiry(alert: ExpiryAlert): Promise<void> {
    const { contextNip, level, notAfter, daysLeft } = alert;
    this.logger.warn({ context: contextNip, level, notAfter, daysLeft, hint: alert.message }, `${alert.kind} expiring`);
    await this.container.get(PIPELINE_EVENTS).emit({ type: 'credential-expiring', at: new Date().toISOString(), contextNip, expiresAt: notAfter,
      message: alert.message });
  }

  /**
   * Fills the vault before the first send: a configured token (`credential.token`) only where the vault has no token
   * of the context, or where the operator set `credential.overrideVault` (configuredTokenUse); on the simulator, a
   * fresh token for a context that has none. A newer `token add` is never overwritten by the configuration. Only
   * `start` calls this (doctor reports, and writes nothing). The token value goes only into the vault, never to a log.
   */
  async ensureCredentials(): Promise<void> {
    const vault = this.vault;
    for (const context of this.config.contexts) {
      const credential = context.credential;
      if (credential.kind !== 'token' || credential.token === undefined) continue;
      const use = await configuredTokenUse(vault, context.nip, credential.token, credential.overrideVault === true);
      if (use.kind === 'store' || use.kind === 'replace') {
        await vault.put({ contextNip: context.nip, kind: 'token', secret: new SecretValue(credential.token) });
        this.logger.info({ context: context.nip, replaced: use.kind === 'replace' ? use.stored.referenceNumber ?? 'reference unknown' : undefined },
          use.kind === 'replace' ? 'configured token replaced the vault token (overrideVault)' : 'configured token stored in the empty vault');
      } else if (use.kind === 'vault-wins') {
        this.logger.warn({ context: context.nip, hint: configuredTokenIgnored(context.nip, use.stored) }, 'configured token ignored: the vault holds another token');
      }
    }
    if (!this.simulator) return;
    for (const nip of this.contexts()) {
      const info = await vault.info(nip, 'token');
      if (info?.status === 'active') continue;
      const { token, referenceNumber } = this.simulator.createToken({ nip, permissions: DEMO_PERMISSIONS, description: 'ksef-gateway demo' });
      await vault.put({ contextNip: nip, kind: 'token', secret: new SecretValue(token), referenceNumber, permissions: [...DEMO_PERMISSIONS], ksefStatus: 'Active' });
      this.logger.info({ context: nip, referenceNumber }, 'simulator token created for context');
    }
  }
}
