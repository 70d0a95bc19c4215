import { dirname } from 'node:path';
import { ContainerModule } from 'inversify';
import { EMBEDDED_DEFAULTS } from '../../config/loadConfig.js';
import { DEFAULT_EVENT_OPTIONS, EventDispatcher } from '../../events/EventDispatcher.js';
import { OutboxEvents } from '../../events/OutboxEvents.js';
import { EVENT_OUTBOX } from '../../events/ports/EventOutbox.js';
import { LoggerToken } from '../../logging/LoggerToken.js';
import { DOCUMENT_PREPARER } from '../../pipeline/ports/DocumentPreparer.js';
import { OUTCOME_SINK } from '../../pipeline/ports/OutcomeSink.js';
import { PIPELINE_EVENTS } from '../../pipeline/ports/PipelineEvents.js';
import { builtinPlugins } from '../../plugins/builtinPlugins.js';
import { DocumentIntakeToken } from '../../plugins/DocumentIntake.js';
import { OutcomeRouter } from '../../plugins/OutcomeRouter.js';
import { pluginEventConsumers } from '../../plugins/pluginEventConsumers.js';
import { PluginHost, PluginHostToken } from '../../plugins/PluginHost.js';
import { PluginRegistryToken } from '../../plugins/PluginRegistry.js';
import { StoreRateLimits } from '../../plugins/StoreRateLimits.js';
import { validateWithPreparer } from '../../plugins/validateWithPreparer.js';
import { PluginQueries } from '../../plugins/PluginQueries.js';
import { PLUGIN_RECORD_STORE } from '../../plugins/ports/PluginRecordStore.js';
import { PLUGIN_SECRETS } from '../../plugins/PluginSecretBox.js';
import { SUBMISSION_STORE } from '../../pipeline/ports/SubmissionStore.js';
import { CREDENTIAL_VAULT } from '../../vault/CredentialVault.js';
import { TOKENS } from '../tokens.js';

/** The plugin host, its registry, the pipeline's outcome sink, and the events outbox's dispatcher, which route to plugins. */
export const pluginsModule = new ContainerModule(({ bind }) => {
  bind(PluginHostToken).toResolvedValue((loaded, dataDir, logger, intake, preparer, store, vault, upos, options, records, secrets, rateLimits) => new PluginHost({
    builtins: builtinPlugins,
    baseDir: loaded.source === EMBEDDED_DEFAULTS ? process.cwd() : dirname(loaded.source),
    envRefPaths: loaded.envRefPaths,
    source: loaded.source,
    logger,
    clock: { now: () => new Date() },
    dataDir,
    facadeFor: (source) => ({
      submit: (document) => intake.submit(source, document),
      validate: (document) => validateWithPreparer(preparer, document, source),
    }),
    queriesFor: (source) => new PluginQueries({
      store, vault, upos, qrBaseUrl: options.qrBaseUrl, now: Date.now, contexts: () => loaded.config.contexts.map((c) => c.nip),
    }, source),
    storageFor: (source) => records.scoped(source),
    secretsFor: secrets,
    // The KSeF client's counters: shared by every instance on the store, so a plugin's limits hold deployment-wide.
    rateLimitsFor: (source) => new StoreRateLimits(rateLimits, source),
  }), [TOKENS.LoadedConfig, TOKENS.DataDir, LoggerToken, DocumentIntakeToken, DOCUMENT_PREPARER, SUBMISSION_STORE, CREDENTIAL_VAULT,
    TOKENS.UpoFiles, TOKENS.PipelineOptions, PLUGIN_RECORD_STORE, PLUGIN_SECRETS, TOKENS.RateLimitStore]).inSingletonScope();
  bind(PluginRegistryToken).toResolvedValue((host) => host.registry, [PluginHostToken]).inSingletonScope();
  bind(OUTCOME_SINK).toResolvedValue((registry) => new OutcomeRouter(registry), [PluginRegistryToken]).inSingletonScope();
  bind(TOKENS.EventDispatcher).toResolvedValue((outbox, registry, options, logger) => new EventDispatcher(outbox,
    () => pluginEventConsumers(registry), { ...DEFAULT_EVENT_OPTIONS, owner: options.instanceId }, logger.child({ area: 'events' })),
  [EVENT_OUTBOX, PluginRegistryToken, TOKENS.PipelineOptions, LoggerToken]).inSingletonScope();
  bind(PIPELINE_EVENTS).toResolvedValue((outbox, dispatcher, logger) => new OutboxEvents(outbox, logger, () => dispatcher.wake()),
    [EVENT_OUTBOX, TOKENS.EventDispatcher, LoggerToken]).inSingletonScope();
});
