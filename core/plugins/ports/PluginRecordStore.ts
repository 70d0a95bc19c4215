import type { ServiceIdentifier } from 'inversify';
import type { PluginStorage } from '../../plugin-api/PluginStorage.js';

/**
 * Plugins' own records in the gateway's store (table `plugin_records`), one `PluginStorage` per plugin instance.
 * The SQLite and PostgreSQL stores implement it beside the outbox.
 */
export interface PluginRecordStore {
  /** The records of one instance; an instance never sees another's. */
  scoped(instance: string): PluginStorage;
  close(): Promise<void>;
}

export const PLUGIN_RECORD_STORE = Symbol.for('ksef-gateway/plugins/PluginRecordStore') as ServiceIdentifier<PluginRecordStore>;
