import { join } from 'node:path';
import type { Logger } from 'pino';
import type { PluginEntry } from '../config/GatewayConfig.js';
import { secretPaths } from '../config/secretPaths.js';
import { throwConfigIssues } from '../config/loadConfig.js';
import { GatewayError } from '../errors/GatewayError.js';
import { childLogger } from '../logging/createLogger.js';
import type { Clock, GatewayFacade, HealthStatus, PluginContext } from '../plugin-api/PluginContext.js';
import type { PluginDefinition } from '../plugin-api/definePlugin.js';
import type { GatewayQueries } from '../plugin-api/GatewayQueries.js';
import type { PluginRateLimits } from '../plugin-api/PluginRateLimits.js';
import type { PluginSecrets } from '../plugin-api/PluginSecrets.js';
import type { PluginStorage } from '../plugin-api/PluginStorage.js';
import { checkPlugin } from './checkPlugin.js';
import type { LoadedPlugin } from './LoadedPlugin.js';
import { resolvePlugin, type BuiltinPlugins } from './resolvePlugin.js';
import { withTimeout } from './withTimeout.js';

export interface PluginLoaderDeps {
  readonly builtins: BuiltinPlugins;
  /** Where `./path` plugins are resolved from (the config file's folder or the working directory). */
  readonly baseDir: string;
  readonly envRefPaths: ReadonlySet<string>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly dataDir: string;
  readonly signal: AbortSignal;
  readonly facadeFor: (instanceId: string) => GatewayFacade;
  readonly queriesFor: (instanceId: string) => GatewayQueries;
  readonly storageFor: (instanceId: string) => PluginStorage;
  readonly secretsFor: (instanceId: string) => PluginSecrets;
  readonly rateLimitsFor: (instanceId: string) => PluginRateLimits;
  /** The config's name, for error messages. */
  readonly source: string;
}

/**
 * Runs the first lifecycle steps for every configured plugin: resolve -> check manifest, API range and options (all
 * plugins, every issue at once) -> `create` each in list order with its timeout. Nothing is created until every
 * plugin has passed its checks.
 */
export class PluginLoader {
  constructor(private readonly deps: PluginLoaderDeps) {}

  async load(entries: readonly PluginEntry[]): Promise<LoadedPlugin[]> {
    const checked = await this.check(entries);
    const loaded: LoadedPlugin[] = [];
    for (const { entry, definition, config } of checked) {
      try {
        loaded.push(await this.create(entry, definition, config));
      } catch (err) {
        await Promise.allSettled(loaded.reverse().map((p) => p.instance.stop?.()));
        throw err;
      }
    }
    return loaded;
  }

  /**
   * Resolves every entry and checks manifest, API range and options without creating anything (`doctor` stops
   * here); throws one config error listing every issue.
   */
  async check(entries: readonly PluginEntry[]): Promise<{ entry: PluginEntry; definition: PluginDefinition; config: unknown }[]> {
    const issues: string[] = [];
    const seen = new Map<string, number>();
    entries.forEach((entry, i) => {
      const first = seen.get(entry.id);
      if (entry.id === 'cli') issues.push(`plugins[${i}].id: "cli" is reserved for documents submitted from the command line`);
      else if (first !== undefined) issues.push(`plugins[${i}].id: instance id "${entry.id}" is already used by plugins[${first}]`);
      else seen.set(entry.id, i);
    });
    const checked: { entry: PluginEntry; definition: PluginDefinition; config: unknown }[] = [];
    for (const [i, entry] of entries.entries()) {
      let raw: unknown;
      try {
        raw = await resolvePlugin(entry.use, this.deps.builtins, this.deps.baseDir, `plugins[${i}]`);
      } catch (err) {
        issues.push(GatewayError.is(err) ? err.message : String(err));
        continue;
      }
      const result = checkPlugin(raw, entry, i, this.deps.envRefPaths);
      if (result.ok) checked.push({ entry, definition: result.definition, config: result.config });
      else issues.push(...result.issues);
    }
    if (issues.length > 0) throwConfigIssues(this.deps.source, issues);
    return checked;
  }

  private async create(entry: PluginEntry, definition: PluginDefinition, config: unknown): Promise<LoadedPlugin> {
    const { manifest } = definition;
    const logger = childLogger(this.deps.logger, { plugin: manifest.id, instance: entry.id }, secretPaths(definition.configSchema));
    const holder: { reported?: HealthStatus } = {};
    const ctx: PluginContext = Object.freeze({
      instanceId: entry.id,
      config: config as Readonly<unknown>,
      logger,
      signal: this.deps.signal,
      gateway: this.deps.facadeFor(entry.id),
      health: { report: (status: HealthStatus) => { holder.reported = status; } },
      clock: this.deps.clock,
      dataDir: join(this.deps.dataDir, 'plugins', entry.id),
      queries: this.deps.queriesFor(entry.id),
      storage: this.deps.storageFor(entry.id),
      secrets: this.deps.secretsFor(entry.id),
      rateLimits: this.deps.rateLimitsFor(entry.id),
    });
    const named = `plugin ${manifest.id} (instance ${entry.id})`;
    let instance: unknown;
    try {
      instance = await withTimeout(Promise.resolve().then(() => definition.create(ctx)), entry.createTimeoutMs,
        () => new GatewayError('GW_PLUGIN_CREATE_TIMEOUT', 'system', `${named}: create() did not finish within ${entry.createTimeoutMs} ms`, { location: entry.id }));
    } catch (cause) {
      if (GatewayError.is(cause, 'GW_PLUGIN_CREATE_TIMEOUT')) throw cause;
      const kind = GatewayError.is(cause) ? cause.kind : 'system';
      throw new GatewayError('GW_PLUGIN_CREATE_FAILED', kind, `${named}: create() failed: ${(cause as Error)?.message ?? String(cause)}`, { cause, location: entry.id });
    }
    const needed = manifest.kind === 'erp-adapter' ? 'deliver' : 'notify';
    if (typeof (instance as Record<string, unknown> | null)?.[needed] !== 'function') {
      throw new GatewayError('GW_PLUGIN_BAD_INSTANCE', 'config', `${named}: create() must return an object with ${needed}() for kind ${manifest.kind}`, { location: entry.id });
    }
    const base = { instanceId: entry.id, entry, definition, logger };
    const plugin = (manifest.kind === 'erp-adapter'
      ? { ...base, kind: 'erp-adapter', instance }
      : { ...base, kind: 'notifier', instance }) as LoadedPlugin;
    Object.defineProperty(plugin, 'reported', { get: () => holder.reported, enumerable: true });
    logger.info({ version: manifest.version }, 'plugin created');
    return plugin;
  }
}
