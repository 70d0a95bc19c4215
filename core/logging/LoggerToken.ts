import type { ServiceIdentifier } from 'inversify';
import type { Logger } from 'pino';

/** The root pino logger of the process. */
export const LoggerToken = Symbol.for('ksef-gateway/logging/Logger') as ServiceIdentifier<Logger>;
