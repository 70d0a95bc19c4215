import type { StoredRecord } from '../../core/plugin-api/PluginStorage.js';

/** A `plugin_records` row as both stores read it (timestamps as numbers, the value as JSON text). */
export interface PluginRecordRow {
  readonly key: string;
  readonly value: string;
  readonly version: number;
  readonly due_at: number | null;
  readonly expires_at: number | null;
  readonly created_at: number;
  readonly updated_at: number;
}

export function toStoredRecord<T>(row: PluginRecordRow): StoredRecord<T> {
  return {
    key: row.key, value: JSON.parse(row.value) as T, version: row.version,
    ...(row.due_at === null ? {} : { dueAt: row.due_at }),
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
    createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** For `update`: undefined keeps the column (flag 1), a number or null sets it. */
export function keepOrSet(value: number | null | undefined): [number, number | null] {
  return value === undefined ? [1, null] : [0, value];
}
