import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  CredentialInfo, CredentialKind, CredentialStatus, CredentialVault, NewCredential,
} from '../../core/vault/CredentialVault.js';
import { SecretBox } from '../../core/vault/SecretBox.js';
import { SecretValue } from '../../core/vault/SecretValue.js';
import { credentialInfoFromRow, type CredentialRow } from './credentialRow.js';

type Row = CredentialRow;

/** Numbered as the PostgreSQL vault's steps (PgCredentialVault's VAULT_MIGRATIONS); `user_version` holds the last one applied. */
const MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  { version: 1, sql: `CREATE TABLE credentials (
    context_nip TEXT NOT NULL, kind TEXT NOT NULL, sealed BLOB NOT NULL, reference_number TEXT,
    permissions TEXT NOT NULL DEFAULT '[]', ksef_status TEXT, status TEXT NOT NULL, status_reason TEXT,
    last_auth_at TEXT, added_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (context_nip, kind))` },
  // A token's expiry as the operator stated it (DECISIONS.md 23).
  { version: 90, sql: 'ALTER TABLE credentials ADD COLUMN expires_at TEXT' },
];

const aad = (nip: string, kind: CredentialKind): string => `ksef-gateway/credential/${kind}/${nip}`;

/** The credential vault in a SQLite file of its own (default `<dataDir>/vault.sqlite`, mode 0600); values sealed with AES-256-GCM. */
export class SqliteCredentialVault implements CredentialVault {
  private readonly db: Database.Database;
  private readonly box: SecretBox;

  constructor(file: string, masterKey: Uint8Array, private readonly now: () => Date = () => new Date()) {
    this.box = new SecretBox(masterKey);
    if (file !== ':memory:') {
      mkdirSync(dirname(file), { recursive: true });
      // Values are sealed, but which contexts hold which credential is nobody else's business; SQLite gives its
      // -wal and -shm files the database file's mode.
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (const m of MIGRATIONS) {
      if (m.version <= version) continue;
      this.db.transaction(() => {
        // Another process may have applied it between our read and this write lock.
        if ((this.db.pragma('user_version', { simple: true }) as number) >= m.version) return;
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      }).immediate();
    }
  }

  async put(c: NewCredential): Promise<CredentialInfo> {
    const at = this.now().toISOString();
    const sealed = this.box.seal(c.secret.reveal(), aad(c.contextNip, c.kind));
    this.db.prepare(`INSERT INTO credentials (context_nip, kind, sealed, reference_number, permissions, ksef_status, status,
      status_reason, last_auth_at, expires_at, added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', NULL, NULL, ?, ?, ?)
      ON CONFLICT (context_nip, kind) DO UPDATE SET sealed = excluded.sealed, reference_number = excluded.reference_number,
      permissions = excluded.permissions, ksef_status = excluded.ksef_status, status = 'active', status_reason = NULL,
      last_auth_at = NULL, expires_at = excluded.expires_at, added_at = excluded.added_at, updated_at = excluded.updated_at`)
      .run(c.contextNip, c.kind, sealed, c.referenceNumber ?? null, JSON.stringify(c.permissions ?? []), c.ksefStatus ?? null,
        c.expiresAt ?? null, at, at);
    return (await this.info(c.contextNip, c.kind)) as CredentialInfo;
  }

  async secret(contextNip: string, kind: CredentialKind): Promise<SecretValue | undefined> {
    const row = this.row(contextNip, kind);
    return row && new SecretValue(this.box.open(row.sealed, aad(contextNip, kind)));
  }

  async info(contextNip: string, kind: CredentialKind): Promise<CredentialInfo | undefined> {
    const row = this.row(contextNip, kind);
    return row && credentialInfoFromRow(row);
  }

  async list(): Promise<CredentialInfo[]> {
    return (this.db.prepare('SELECT * FROM credentials ORDER BY context_nip, kind').all() as Row[]).map(credentialInfoFromRow);
  }

  async markStatus(contextNip: string, kind: CredentialKind, status: CredentialStatus, reason?: string): Promise<void> {
    this.update(contextNip, kind, 'status = ?, status_reason = ?', status, reason ?? null);
  }

  async recordAuthentication(contextNip: string, kind: CredentialKind, at: Date): Promise<void> {
    this.update(contextNip, kind, 'last_auth_at = ?', at.toISOString());
  }

  async recordKsefStatus(contextNip: string, kind: CredentialKind, ksefStatus: string): Promise<void> {
    this.update(contextNip, kind, 'ksef_status = ?', ksefStatus);
  }

  async remove(contextNip: string, kind: CredentialKind): Promise<boolean> {
    return this.db.prepare('DELETE FROM credentials WHERE context_nip = ? AND kind = ?').run(contextNip, kind).changes === 1;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private row(contextNip: string, kind: CredentialKind): Row | undefined {
    return this.db.prepare('SELECT * FROM credentials WHERE context_nip = ? AND kind = ?').get(contextNip, kind) as Row | undefined;
  }

  private update(contextNip: string, kind: CredentialKind, set: string, ...values: unknown[]): void {
    this.db.prepare(`UPDATE credentials SET ${set}, updated_at = ? WHERE context_nip = ? AND kind = ?`)
      .run(...values, this.now().toISOString(), contextNip, kind);
  }
}
