import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { GatewayConfigToken } from '../../config/GatewayConfig.js';
import type { LoadedConfig } from '../../config/loadConfig.js';
import { LoggerToken } from '../../logging/LoggerToken.js';
import { TOKENS } from '../tokens.js';

/** The validated configuration, the data directory and the root logger: values made before the container. */
export function configModule(loaded: LoadedConfig, dataDir: string, logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.LoadedConfig).toConstantValue(loaded);
    bind(GatewayConfigToken).toConstantValue(loaded.config);
    bind(TOKENS.DataDir).toConstantValue(dataDir);
    bind(LoggerToken).toConstantValue(logger);
  });
}
