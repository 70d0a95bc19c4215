import { issueKsefToken } from './auth/issueKsefToken.js';
import type { ContextId, SubjectRecord } from './store/records.js';
import { SqliteSimStore } from './store/SqliteSimStore.js';

/**
 * Writes a new KSeF token straight into a simulator's data directory (`simulator token create`): works whether
 * or not a simulator is running on it (SQLite WAL lets both write). Returns the token once.
 */
export function createTokenOffline(dataDir: string, nip: string, permissions: readonly string[], description = 'created by simulator token create'): { token: string; referenceNumber: string } {
  const store = new SqliteSimStore(dataDir);
  try {
    const sim = {
      store,
      now: () => new Date(),
      contextKey: (c: ContextId) => `${c.type}:${c.value}`,
      subject: (n: string) => store.get<SubjectRecord>('subject', n) ?? store.put('subject', n, { nip: n, attachmentsEnabled: false, blocked: false }),
    };
    return issueKsefToken(sim, { context: { type: 'Nip', value: nip }, author: { type: 'Nip', value: nip }, permissions, description });
  } finally {
    store.close();
  }
}
