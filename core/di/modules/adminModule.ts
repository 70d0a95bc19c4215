import { ContainerModule } from 'inversify';
import { AdminServer } from '../../admin/AdminServer.js';
import { gatewayHealth } from '../../admin/gatewayHealth.js';
import { PromMetrics } from '../../admin/PromMetrics.js';
import { GatewayConfigToken } from '../../config/GatewayConfig.js';
import { PIPELINE_METRICS } from '../../pipeline/ports/PipelineMetrics.js';
import { SUBMISSION_STORE } from '../../pipeline/ports/SubmissionStore.js';
import { PluginHostToken } from '../../plugins/PluginHost.js';
import { CREDENTIAL_VAULT } from '../../vault/CredentialVault.js';
import { TOKENS } from '../tokens.js';

/** Metrics (the pipeline's hooks on prom-client) and the admin HTTP server. */
export const adminModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.PromMetrics).toConstantValue(new PromMetrics());
  bind(PIPELINE_METRICS).toService(TOKENS.PromMetrics);
  bind(TOKENS.AdminServer).toResolvedValue((config, metrics, store, vault, host) => new AdminServer({
    host: config.admin.host,
    port: config.admin.port,
    registry: metrics.registry,
    health: () => gatewayHealth({ store, vault, plugins: host }),
  }), [GatewayConfigToken, TOKENS.PromMetrics, SUBMISSION_STORE, CREDENTIAL_VAULT, PluginHostToken]).inSingletonScope();
});
