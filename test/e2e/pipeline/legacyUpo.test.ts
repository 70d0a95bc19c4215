import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../../adapters/sqlite-store/migrations.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { createPipeline } from '../../../core/pipeline/createPipeline.js';
import type { KsefClientProvider } from '../../../core/pipeline/ports/KsefClientProvider.js';
import type { Outcome } from '../../../core/plugin-api/types.js';
import type { CredentialVault } from '../../../core/vault/CredentialVault.js';

/** A data dir as a gateway from before migration 5 left it: the UPO in a file, its relative path in the row. */
function oldDataDir(dir: string, upo: Buffer): void {
  const db = new Database(join(dir, 'gateway.db'));
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  for (const m of MIGRATIONS.filter((step) => step.version <= 4)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
  }
  db.prepare(`INSERT INTO documents (id, source, erp_id, state, context_nip, ksef_number, acquisition_date, upo_path,
    next_delivery_at, created_at, updated_at) VALUES ('old', 'erp', 'E-old', 'accepted', '1111111111', 'K-old', '2026-11-01', ?, 0, 1, 1)`)
    .run('invoices/1111111111/K-old.xml');
  db.close();
  const file = join(dir, 'upo', 'invoices', '1111111111', 'K-old.xml');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, upo);
}

describe('a document accepted before UPOs were kept in the store', () => {
  let dir: string;
  let store: SqliteSubmissionStore;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'legacy-upo-')); });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('still has its UPO read from its file, by upo get and by the outcome delivered after the upgrade', async () => {
    const upo = Buffer.from('\uFEFF<UPO>K-old</UPO>\r\n', 'utf8');
    oldDataDir(dir, upo);
    store = new SqliteSubmissionStore(join(dir, 'gateway.db'));
    const outcomes: Outcome[] = [];
    const { queries, pipeline } = createPipeline({
      store, dataDir: dir, vault: {} as CredentialVault, clients: {} as KsefClientProvider,
      sink: { deliver: async (_source, outcome) => { outcomes.push(outcome); } },
    });
    expect(await store.getUpo('old')).toBeUndefined();
    expect((await queries.upo('old')).equals(upo)).toBe(true);
    expect(await pipeline.delivery.run()).toBe(1);
    expect(outcomes).toMatchObject([{ kind: 'accepted', documentId: 'old', ksefNumber: 'K-old', upoXml: upo.toString('utf8') }]);
    expect((await store.get('old'))?.state).toBe('delivered');
  });
});
