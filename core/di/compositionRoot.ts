import { EVENT_OUTBOX } from '../events/ports/EventOutbox.js';
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import type { DestinationStream } from 'pino';
import { PurchaseStoreToken } from '../purchases/ports/PurchaseStore.js';
import { gatewayConfigSchema, type GatewayConfig } from '../config/GatewayConfig.js';
import type { LoadedConfig } from '../config/loadConfig.js';
import { dataDir as defaultDataDir } from '../config/paths.js';
import { secretPaths } from '../config/secretPaths.js';
import { locateSchemas } from '../fa3/schemas/locateSchemas.js';
import { Fa3ValidationPool } from '../fa3/validation/Fa3ValidationPool.js';
import { Fa3Schemas } from '../fa3/validation/Fa3Schemas.js';
import { createLogger } from '../logging/createLogger.js';
import { KSEF_CLIENT_PROVIDER } from '../pipeline/ports/KsefClientProvider.js';
import { SUBMISSION_STORE } from '../pipeline/ports/SubmissionStore.js';
import { PLUGIN_RECORD_STORE } from '../plugins/ports/PluginRecordStore.js';
import { PLUGIN_SECRETS, PluginSecretBox } from '../plugins/PluginSecretBox.js';
import { VaultKsefClientProvider } from '../pipeline/VaultKsefClientProvider.js';
import { CREDENTIAL_VAULT, type CredentialVault } from '../vault/CredentialVault.js';
import { loadMasterKey } from '../vault/loadMasterKey.js';
import { adminModule } from './modules/adminModule.js';
import { configModule } from './modules/configModule.js';
import { fa3Module } from './modules/fa3Module.js';
import { pipelineModule } from './modules/pipelineModule.js';
import { pluginsModule } from './modules/pluginsModule.js';
import { filesIn, openStoreAdapters, openVault, type GatewayFiles } from './storeAdapters.js';
import { TOKENS, type KsefEndpoint } from './tokens.js';
import { CONSOLE_STORE } from '../console/ports/ConsoleStore.js';

export interface ComposeOptions {
  readonly loaded: LoadedConfig;
  readonly env?: NodeJS.ProcessEnv;
  /** Where log lines go (default stdout). */
  readonly logDestination?: DestinationStream;
  readonly logger?: Logger;
  /** Where KSeF is; default from config (an in-process simulator's URL is passed by GatewayApp). */
  readonly endpoint?: KsefEndpoint;
  /** How long to wait for an unreachable PostgreSQL store before failing (`start`: minutes; other commands: 0). */
  readonly waitForStoreMs?: number;
}

/** The files the gateway keeps in its data directory; the token CLI opens the same vault. */
export function gatewayFiles(config: GatewayConfig, env: NodeJS.ProcessEnv = process.env): GatewayFiles {
  return filesIn(config, config.dataDir ?? defaultDataDir(env));
}

/** The gateway's credential vault (SQLite or PostgreSQL, as configured), for the command-line tools that work on it without the whole container. */
export async function openCredentialVault(config: GatewayConfig, env: NodeJS.ProcessEnv = process.env): Promise<CredentialVault> {
  return openVault(config, gatewayFiles(config, env), env);
}

/**
 * The one composition root: binds every core area's module and the adapters (SQLite store, SQLite vault, the
 * KSeF client per context). Async work (schemas) happens here; everything bound is a constant or a synchronous
 * factory, so `get` never needs `getAsync`.
 */
export async function composeContainer(opts: ComposeOptions): Promise<Container> {
  const env = opts.env ?? process.env;
  const { config } = opts.loaded;
  const files = gatewayFiles(config, env);
  mkdirSync(files.dataDir, { recursive: true });
  const logger = opts.logger ?? createLogger({ level: config.log.level, format: config.log.format, secretPaths: secretPaths(gatewayConfigSchema), destination: opts.logDestination });

  const schemasDir = locateSchemas({ env: config.schemasDir ? { ...env, KSEF_SCHEMAS_DIR: config.schemasDir } : env, warn: (m) => logger.warn({}, m) });
  const schemas = new Fa3Schemas(schemasDir ?? null);
  const threads = Fa3ValidationPool.available() ? Fa3ValidationPool.threadsFor(config.validation.threads) : 0;
  // Validating on this thread: a broken schema stops the start here. With threads, each compiles its own
  // (GatewayApp.start waits for them).
  if (threads === 0) await schemas.xsd();

  const container = new Container({ defaultScope: 'Singleton' });
  container.load(configModule(opts.loaded, files.dataDir, logger), fa3Module, pipelineModule, pluginsModule, adminModule);
  container.bind(TOKENS.Fa3Schemas).toConstantValue(schemas).onDeactivation((s) => s.dispose());
  container.bind(TOKENS.Fa3ValidationPool).toConstantValue(threads > 0 ? new Fa3ValidationPool({ schemasDir: schemasDir ?? undefined, threads }) : null)
    .onDeactivation((pool) => pool?.close());
  container.bind(TOKENS.KsefEndpoint).toConstantValue(opts.endpoint ?? endpointFromConfig(config));

  // Adapters: bound here and nowhere else.
  const stores = await openStoreAdapters(config, files, env, opts.waitForStoreMs ? {
    ms: opts.waitForStoreMs,
    onWait: (err, waitedMs) => logger.warn({ waitedMs, err: (err as Error).message }, 'store unreachable at start: waiting for it'),
  } : undefined);
  container.bind(TOKENS.StoreDescription).toConstantValue(stores.where);
  container.bind(SUBMISSION_STORE).toResolvedValue(() => stores.submissions()).inSingletonScope()
    .onDeactivation((store) => store.close());
  container.bind(PLUGIN_RECORD_STORE).toResolvedValue(() => stores.pluginRecords()).inSingletonScope()
    .onDeactivation((records) => records.close());
  container.bind(PLUGIN_SECRETS).toResolvedValue(() => {
    const key = loadMasterKey(files.dataDir, env);
    return (instance: string) => new PluginSecretBox(key, instance);
  }).inSingletonScope();
  container.bind(CONSOLE_STORE).toResolvedValue(() => stores.console()).inSingletonScope().onDeactivation((s) => s.close());
  container.bind(PurchaseStoreToken).toResolvedValue(() => stores.purchases()).inSingletonScope()
    .onDeactivation((purchases) => purchases.close());
  container.bind(EVENT_OUTBOX).toResolvedValue(() => stores.events()).inSingletonScope()
    .onDeactivation((events) => events.close());
  container.bind(CREDENTIAL_VAULT).toResolvedValue(() => stores.vault())
    .inSingletonScope().onDeactivation((vault) => vault.close());
  container.bind(TOKENS.RateLimitStore).toResolvedValue(() => stores.rateLimits()).inSingletonScope().onDeactivation((s) => s.close());
  container.bind(KSEF_CLIENT_PROVIDER).toResolvedValue((vault, endpoint, rateLimitStore) => new VaultKsefClientProvider(vault, (contextNip, auth) => ({
    ...(endpoint.kind === 'url' ? { baseUrl: endpoint.baseUrl } : { environment: endpoint.environment }),
    contextNip,
    auth,
    logger: logger.child({ area: 'ksef', context: contextNip }),
    rateLimits: endpoint.kind === 'url' && endpoint.simulator && config.ksef.simulator.rateLimits === 'off' ? 'off' : 'default',
    rateLimitStore,
  }), (nip) => config.contexts.find((c) => c.nip === nip)?.credential.kind ?? 'token'), [CREDENTIAL_VAULT, TOKENS.KsefEndpoint, TOKENS.RateLimitStore]).inSingletonScope().onDeactivation((p) => p.closeAll());
  return container;
}

export function endpointFromConfig(config: GatewayConfig): KsefEndpoint {
  return config.ksef.baseUrl !== undefined
    ? { kind: 'url', baseUrl: config.ksef.baseUrl, simulator: false }
    : { kind: 'environment', environment: config.ksef.environment };
}
