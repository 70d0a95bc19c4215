import type { DestinationStream } from 'pino';
import type { LogFormat } from '../../../logging/createLogger.js';
import { loadConfig } from '../../../config/loadConfig.js';
import { GatewayApp } from '../../../di/GatewayApp.js';

export interface CommonOptions {
  config?: string;
}

/**
 * A composed gateway for one command. `connect: false` for commands that only read or write the store (no
 * simulator, no KSeF, no plugins started). Logs go to stderr so stdout stays the command's own output.
 */
export async function openApp(opts: CommonOptions & { connect?: boolean; embedded?: boolean; logTo?: DestinationStream; logFormat?: LogFormat; quiet?: boolean; waitForStoreMs?: number }): Promise<GatewayApp> {
  let loaded = loadConfig({ file: opts.config, embedded: opts.embedded });
  // Store-only commands print their own output; their life-cycle log lines would only be noise on stderr.
  if (opts.connect === false && !process.env.KSEF_GATEWAY_LOG_LEVEL) loaded = { ...loaded, config: { ...loaded.config, log: { ...loaded.config.log, level: 'error' } } };
  // A command whose output is a report (doctor) says everything in it: JSON log lines would only break the table.
  if (opts.quiet) loaded = { ...loaded, config: { ...loaded.config, log: { ...loaded.config.log, level: 'silent' } } };
  if (opts.logFormat) loaded = { ...loaded, config: { ...loaded.config, log: { ...loaded.config.log, format: opts.logFormat } } };
  const { pino } = await import('pino');
  return GatewayApp.create({ loaded, connect: opts.connect, waitForStoreMs: opts.waitForStoreMs, logDestination: opts.logTo ?? pino.destination(2) });
}

/** Runs `fn` with an app that is always stopped afterwards (store and vault closed). */
export async function withApp<T>(opts: CommonOptions & { connect?: boolean; quiet?: boolean }, fn: (app: GatewayApp) => Promise<T>): Promise<T> {
  const app = await openApp(opts);
  try {
    return await fn(app);
  } finally {
    await app.stop();
  }
}
