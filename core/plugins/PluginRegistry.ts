import type { ServiceIdentifier } from 'inversify';
import type { ErpAdapter, Notifier } from '../plugin-api/PluginInstance.js';
import type { LoadedPlugin } from './LoadedPlugin.js';

/**
 * The created plugin instances, in load order, indexed by instance id (INVERSIFY.md pitfall 5: we index them
 * ourselves instead of using named bindings).
 */
export class PluginRegistry {
  private readonly byId = new Map<string, LoadedPlugin>();

  add(plugin: LoadedPlugin): void {
    if (this.byId.has(plugin.instanceId)) throw new Error(`plugin instance ${plugin.instanceId} registered twice`);
    this.byId.set(plugin.instanceId, plugin);
  }

  get(instanceId: string): LoadedPlugin | undefined {
    return this.byId.get(instanceId);
  }

  adapter(instanceId: string): ErpAdapter | undefined {
    const plugin = this.byId.get(instanceId);
    return plugin?.kind === 'erp-adapter' ? plugin.instance : undefined;
  }

  /** In load order. */
  all(): LoadedPlugin[] {
    return [...this.byId.values()];
  }

  adapters(): Extract<LoadedPlugin, { kind: 'erp-adapter' }>[] {
    return this.all().filter((p): p is Extract<LoadedPlugin, { kind: 'erp-adapter' }> => p.kind === 'erp-adapter');
  }

  notifiers(): Notifier[] {
    return this.all().flatMap((p) => (p.kind === 'notifier' ? [p.instance] : []));
  }

  clear(): void {
    this.byId.clear();
  }
}

export const PluginRegistryToken = Symbol.for('ksef-gateway/plugins/PluginRegistry') as ServiceIdentifier<PluginRegistry>;
