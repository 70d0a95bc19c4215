import { EVENT_OUTBOX } from '../../events/ports/EventOutbox.js';
import { ContainerModule } from 'inversify';
import { AdminServer } from '../../admin/AdminServer.js';
import { gatewayHealth } from '../../admin/gatewayHealth.js';
import { KsefReachability } from '../../admin/KsefReachability.js';
import { PromMetrics } from '../../admin/PromMetrics.js';
import { KSEF_BASE_URLS } from '../../ksef/types/KsefEnvironment.js';
import { GatewayConfigToken } from '../../config/GatewayConfig.js';
import { PIPELINE_METRICS } from '../../pipeline/ports/PipelineMetrics.js';
import { SUBMISSION_STORE } from '../../pipeline/ports/SubmissionStore.js';
import { PluginHostToken } from '../../plugins/PluginHost.js';
import { CREDENTIAL_VAULT } from '../../vault/CredentialVault.js';
import { TOKENS } from '../tokens.js';
import { CONSOLE_STORE } from '../../console/ports/ConsoleStore.js';
import { LoggerToken } from '../../logging/LoggerToken.js';
import { KSEF_CLIENT_PROVIDER } from '../../pipeline/ports/KsefClientProvider.js';
import type { VaultKsefClientProvider } from '../../pipeline/VaultKsefClientProvider.js';
import { consoleServerFor } from '../consoleServerFor.js';
import { PurchaseStoreToken, type PurchaseStore } from '../../purchases/ports/PurchaseStore.js';
import type { ConsoleServer } from '../../console/ConsoleServer.js';
import type { ServiceIdentifier } from 'inversify';

/** The operations console (its own token: the tokens file stays the registry of the core's shared services). */
export const CONSOLE_SERVER = Symbol.for('ksef-gateway/console/ConsoleServer') as ServiceIdentifier<ConsoleServer | null>;
const CONSOLE_PURCHASES = Symbol.for('ksef-gateway/console/purchases') as ServiceIdentifier<PurchaseStore | null>;
/** One probe of KSeF for /healthz and the console's overview alike. */
const KSEF_REACHABILITY = Symbol.for('ksef-gateway/admin/KsefReachability') as ServiceIdentifier<KsefReachability>;

/** Metrics (the pipeline's hooks on prom-client) and the admin HTTP server. */
export const adminModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.PromMetrics).toConstantValue(new PromMetrics());
  bind(PIPELINE_METRICS).toService(TOKENS.PromMetrics);
  bind(KSEF_REACHABILITY).toResolvedValue((endpoint) =>
    new KsefReachability(() => (endpoint.kind === 'url' ? endpoint.baseUrl : KSEF_BASE_URLS[endpoint.environment])), [TOKENS.KsefEndpoint]).inSingletonScope();
  // The purchase store is opened only when purchases are on (its cursors are the overview's sync state).
  bind(CONSOLE_PURCHASES).toDynamicValue((ctx) => {
    const config = ctx.get(GatewayConfigToken);
    return config.purchases.enabled ? ctx.get(PurchaseStoreToken) : null;
  }).inSingletonScope();
  bind(CONSOLE_SERVER).toResolvedValue((config, consoleStore, store, vault, queries, pipelineDeps, submissions, clients, ksef, logger, purchases) =>
    (config.console.enabled ? consoleServerFor({ config, consoleStore, store, vault, queries, pipelineDeps, submissions,
      clients: clients as VaultKsefClientProvider, ksef, logger, purchases: purchases ?? undefined }) : null),
  [GatewayConfigToken, CONSOLE_STORE, SUBMISSION_STORE, CREDENTIAL_VAULT, TOKENS.PipelineQueries, TOKENS.PipelineDeps, TOKENS.SubmissionService,
    KSEF_CLIENT_PROVIDER, KSEF_REACHABILITY, LoggerToken, CONSOLE_PURCHASES]).inSingletonScope();
  bind(TOKENS.AdminServer).toResolvedValue((config, metrics, store, vault, host, consoleServer, ksef, events) => {
    metrics.readCredentialsFrom(() => vault.list());
    return new AdminServer({
      host: config.admin.host,
      port: config.admin.port,
      ...(config.admin.tls ? { tls: config.admin.tls } : {}),
      registry: metrics.registry,
      health: () => gatewayHealth({ store, vault, plugins: host, ksef, events }),
      console: consoleServer ?? undefined,
    });
  }, [GatewayConfigToken, TOKENS.PromMetrics, SUBMISSION_STORE, CREDENTIAL_VAULT, PluginHostToken, CONSOLE_SERVER, KSEF_REACHABILITY,
    EVENT_OUTBOX]).inSingletonScope();
});
