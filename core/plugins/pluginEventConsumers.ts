import type { EventConsumer } from '../events/EventDispatcher.js';
import type { PluginRegistry } from './PluginRegistry.js';

/** Every loaded notifier (`notify`) and every ERP adapter with `onEvent`, as consumers of the events outbox. */
export function pluginEventConsumers(registry: PluginRegistry): EventConsumer[] {
  return registry.all().flatMap((plugin): EventConsumer[] => {
    if (plugin.kind === 'notifier') {
      const notifier = plugin.instance;
      return [{ id: `notifier:${plugin.instanceId}`, deliver: (event) => notifier.notify(event) }];
    }
    const adapter = plugin.instance;
    return adapter.onEvent ? [{ id: `adapter:${plugin.instanceId}`, deliver: (event) => adapter.onEvent!(event) }] : [];
  });
}
