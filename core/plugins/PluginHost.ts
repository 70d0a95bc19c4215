import type { ServiceIdentifier } from 'inversify';
import type { Logger } from 'pino';
import type { PluginEntry } from '../config/GatewayConfig.js';
import { GatewayError } from '../errors/GatewayError.js';
import type { GatewayFacade, HealthStatus } from '../plugin-api/PluginContext.js';
import type { GatewayEvent } from '../plugin-api/types.js';
import type { LoadedPlugin } from './LoadedPlugin.js';
import { PluginLoader, type PluginLoaderDeps } from './PluginLoader.js';
import { PluginRegistry } from './PluginRegistry.js';
import { PollScheduler } from './PollScheduler.js';
import { withTimeout } from './withTimeout.js';

export type PluginHostDeps = Omit<PluginLoaderDeps, 'signal'> & { readonly checkTimeoutMs?: number; readonly stopTimeoutMs?: number };

/**
 * Owns the plugin lifecycle: load (resolve, check, create) -> start in config order -> poll / check on demand ->
 * stop in reverse order. Plugins never see the container; the host hands each a context and keeps the instances.
 */
export class PluginHost {
  readonly registry = new PluginRegistry();
  private readonly abort = new AbortController();
  private readonly polls = new PollScheduler();
  private readonly facades = new Map<string, GatewayFacade>();
  private readonly started: LoadedPlugin[] = [];
  private readonly logger: Logger;

  constructor(private readonly deps: PluginHostDeps) {
    this.logger = deps.logger;
  }

  /** Aborted when `stop()` begins; plugins got it as `ctx.signal`. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  async load(entries: readonly PluginEntry[]): Promise<void> {
    const facadeFor = (id: string): GatewayFacade => {
      const facade = this.deps.facadeFor(id);
      this.facades.set(id, facade);
      return facade;
    };
    const loader = new PluginLoader({ ...this.deps, facadeFor, signal: this.abort.signal });
    for (const plugin of await loader.load(entries)) this.registry.add(plugin);
  }

  /** Checks every entry (resolve, manifest, API range, options) without creating a plugin: `doctor`. */
  async checkEntries(entries: readonly PluginEntry[]): Promise<void> {
    await new PluginLoader({ ...this.deps, facadeFor: this.deps.facadeFor, signal: this.abort.signal }).check(entries);
  }

  /** Starts every instance in config order; if one fails, the started ones are stopped and the error names it. */
  async start(): Promise<void> {
    for (const plugin of this.registry.all()) {
      try {
        await plugin.instance.start?.();
        this.started.push(plugin);
      } catch (cause) {
        await this.stopStarted();
        throw new GatewayError('GW_PLUGIN_START_FAILED', GatewayError.is(cause) ? cause.kind : 'system',
          `plugin ${plugin.definition.manifest.id} (instance ${plugin.instanceId}): start() failed: ${(cause as Error)?.message ?? String(cause)}`,
          { cause, location: plugin.instanceId });
      }
    }
    for (const plugin of this.registry.adapters()) {
      if (plugin.instance.poll && plugin.entry.pollIntervalMs !== undefined) this.polls.schedule(this.pollTarget(plugin));
    }
  }

  /** One poll round of every pull adapter, now (for `--once` and tests). Returns the documents stored. */
  /** Failing polls go to `problems` from now on (GatewayApp: logged, counted, kept in the store for `status`). */
  reportPollFailuresTo(problems: NonNullable<PollScheduler['problems']>): void {
    this.polls.problems = problems;
  }

  async pollAll(): Promise<number> {
    let stored = 0;
    for (const plugin of this.registry.adapters()) {
      if (plugin.instance.poll) stored += await this.polls.pollOnce(this.pollTarget(plugin));
    }
    return stored;
  }

  /** Health of every instance; never throws: a throwing or hanging check reports `down`. */
  async check(): Promise<Record<string, HealthStatus>> {
    const timeout = this.deps.checkTimeoutMs ?? 5_000;
    const entries = await Promise.all(this.registry.all().map(async (plugin): Promise<[string, HealthStatus]> => {
      if (!plugin.instance.check) return [plugin.instanceId, plugin.reported ?? { status: 'up' }];
      try {
        const status = await withTimeout(Promise.resolve().then(() => plugin.instance.check!()), timeout,
          () => new Error(`check() did not answer within ${timeout} ms`));
        return [plugin.instanceId, status];
      } catch (err) {
        return [plugin.instanceId, { status: 'down', detail: (err as Error)?.message ?? String(err) }];
      }
    }));
    return Object.fromEntries(entries);
  }

  /** `doctor`: each loaded (not started) instance that can, tries the way to its ERP; never throws. */
  async diagnose(): Promise<Record<string, HealthStatus>> {
    const timeout = this.deps.checkTimeoutMs ?? 5_000;
    const entries = await Promise.all(this.registry.all().filter((p) => p.instance.diagnose).map(async (plugin): Promise<[string, HealthStatus]> => {
      try {
        return [plugin.instanceId, await withTimeout(Promise.resolve().then(() => plugin.instance.diagnose!()), timeout,
          () => new Error(`diagnose() did not answer within ${timeout} ms`))];
      } catch (err) {
        return [plugin.instanceId, { status: 'down', detail: (err as Error)?.message ?? String(err) }];
      }
    }));
    return Object.fromEntries(entries);
  }

  /** Tells every notifier; a failing notifier is logged, never fatal. */
  async notify(event: GatewayEvent): Promise<void> {
    await Promise.all(this.registry.all().map(async (plugin) => {
      if (plugin.kind !== 'notifier') return;
      try {
        await plugin.instance.notify(event);
      } catch (err) {
        plugin.logger.warn({ err, event: event.type }, 'notify failed');
      }
    }));
  }

  /**
   * First half of shutdown: aborts `ctx.signal` and stops polling (waiting for rounds in flight). Instances stay
   * up, so the pipeline can still deliver outcomes while it drains.
   */
  async stopIntake(): Promise<void> {
    this.abort.abort();
    await this.polls.stop();
  }

  /** Stops intake, then stops instances in reverse order. */
  async stop(): Promise<void> {
    await this.stopIntake();
    await this.stopStarted();
  }

  private async stopStarted(): Promise<void> {
    const timeout = this.deps.stopTimeoutMs ?? 10_000;
    while (this.started.length > 0) {
      const plugin = this.started.pop()!;
      try {
        await withTimeout(Promise.resolve().then(() => plugin.instance.stop?.()), timeout, () => new Error(`stop() did not finish within ${timeout} ms`));
        plugin.logger.info({}, 'plugin stopped');
      } catch (err) {
        plugin.logger.error({ err }, 'plugin stop failed');
      }
    }
  }

  private pollTarget(plugin: Extract<LoadedPlugin, { kind: 'erp-adapter' }>) {
    return {
      instanceId: plugin.instanceId,
      adapter: plugin.instance,
      intervalMs: plugin.entry.pollIntervalMs ?? 5_000,
      facade: this.facades.get(plugin.instanceId) ?? this.deps.facadeFor(plugin.instanceId),
      logger: plugin.logger,
    };
  }
}

export const PluginHostToken = Symbol.for('ksef-gateway/plugins/PluginHost') as ServiceIdentifier<PluginHost>;
