import { ContainerModule } from 'inversify';
import { GatewayConfigToken } from '../../config/GatewayConfig.js';
import { instanceId } from '../../config/instanceId.js';
import { sendingContexts } from '../../config/sendingContexts.js';
import { LoggerToken } from '../../logging/LoggerToken.js';
import { Pipeline } from '../../pipeline/Pipeline.js';
import { DEFAULT_PIPELINE_OPTIONS } from '../../pipeline/PipelineOptions.js';
import { PipelineQueries } from '../../pipeline/PipelineQueries.js';
import { DOCUMENT_PREPARER } from '../../pipeline/ports/DocumentPreparer.js';
import { KSEF_CLIENT_PROVIDER } from '../../pipeline/ports/KsefClientProvider.js';
import { OUTCOME_SINK } from '../../pipeline/ports/OutcomeSink.js';
import { PIPELINE_EVENTS } from '../../pipeline/ports/PipelineEvents.js';
import { PIPELINE_METRICS } from '../../pipeline/ports/PipelineMetrics.js';
import { SUBMISSION_STORE } from '../../pipeline/ports/SubmissionStore.js';
import { SubmissionService } from '../../pipeline/SubmissionService.js';
import { UpoFiles } from '../../pipeline/UpoFiles.js';
import { DocumentIntakeToken } from '../../plugins/DocumentIntake.js';
import { CREDENTIAL_VAULT } from '../../vault/CredentialVault.js';
import { qrBaseUrlFor } from '../qrBaseUrlFor.js';
import { TOKENS } from '../tokens.js';

/** The durable pipeline (engineer E's classes), bound from the ports; the store and client come from the root. */
export const pipelineModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.PipelineOptions).toResolvedValue((config, dataDir, endpoint) => ({
    ...DEFAULT_PIPELINE_OPTIONS,
    ...config.scheduler,
    instanceId: instanceId(dataDir, config.instanceId),
    dataDir,
    qrBaseUrl: qrBaseUrlFor(endpoint),
  }), [GatewayConfigToken, TOKENS.DataDir, TOKENS.KsefEndpoint]).inSingletonScope();
  bind(TOKENS.UpoFiles).toResolvedValue((dataDir) => new UpoFiles(dataDir), [TOKENS.DataDir]).inSingletonScope();
  bind(TOKENS.PipelineDeps).toResolvedValue((store, clients, vault, sink, metrics, events, upos, options, logger) => ({
    store, clients, vault, sink, metrics, events, upos, options, logger: logger.child({ area: 'pipeline' }), now: Date.now,
  }), [SUBMISSION_STORE, KSEF_CLIENT_PROVIDER, CREDENTIAL_VAULT, OUTCOME_SINK, PIPELINE_METRICS, PIPELINE_EVENTS, TOKENS.UpoFiles,
    TOKENS.PipelineOptions, LoggerToken]).inSingletonScope();
  bind(TOKENS.Pipeline).toResolvedValue((deps) => new Pipeline(deps), [TOKENS.PipelineDeps]).inSingletonScope();
  bind(TOKENS.PipelineQueries).toResolvedValue((deps, pipeline) => new PipelineQueries(deps, pipeline.delivery),
    [TOKENS.PipelineDeps, TOKENS.Pipeline]).inSingletonScope();
  bind(TOKENS.SubmissionService).toResolvedValue((store, preparer, metrics, config) => {
    const contexts = new Set(sendingContexts(config));
    const attachments = new Set(config.contexts.filter((c) => c.attachments).map((c) => c.nip));
    return new SubmissionService(store, preparer, metrics, {
      contextConfigured: (nip) => contexts.has(nip), attachmentsAllowed: (nip) => attachments.has(nip),
    });
  }, [SUBMISSION_STORE, DOCUMENT_PREPARER, PIPELINE_METRICS, GatewayConfigToken]).inSingletonScope();
  bind(DocumentIntakeToken).toResolvedValue((service) => service, [TOKENS.SubmissionService]).inSingletonScope();
});
