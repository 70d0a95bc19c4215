import type pg from 'pg';
import type {
  CredentialInfo, CredentialKind, CredentialStatus, CredentialVault, NewCredential,
} from '../../core/vault/CredentialVault.js';
import { SecretBox } from '../../core/vault/SecretBox.js';
import { SecretValue } from '../../core/vault/SecretValue.js';
import { credentialInfoFromRow, type CredentialRow } from '../vault/credentialRow.js';
import { openPgPool, type PgStoreOptions } from './openPgPool.js';
import type { PgMigration } from './pgMigrations.js';

type Row = CredentialRow;

/** Its own steps and table: the vault's schema evolves apart from the outbox's. */
export const VAULT_MIGRATIONS: readonly PgMigration[] = [{
  version: 1,
  name: 'credentials',
  sql: `CREATE TABLE credentials (
    context_nip TEXT COLLATE "C" NOT NULL, kind TEXT COLLATE "C" NOT NULL, sealed BYTEA NOT NULL, reference_number TEXT,
    permissions TEXT NOT NULL DEFAULT '[]', ksef_status TEXT, status TEXT NOT NULL, status_reason TEXT,
    last_auth_at TEXT, added_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (context_nip, kind))`,
}, {
  // A token's expiry as the operator stated it (DECISIONS.md 23); the SQLite vault's step 90 as well.
  version: 90,
  name: 'credential-expiry',
  sql: 'ALTER TABLE credentials ADD COLUMN expires_at TEXT',
}];

/** The same associated data as the SQLite vault, so sealed values move between the two unchanged. */
const aad = (nip: string, kind: CredentialKind): string => `ksef-gateway/credential/${kind}/${nip}`;

/**
 * The credential vault in PostgreSQL, for instances that share one database (every instance needs the same master
 * key). Values are sealed with AES-256-GCM before they leave the process: the database never sees a plaintext.
 */
export class PgCredentialVault implements CredentialVault {
  private constructor(private readonly pool: pg.Pool, private readonly box: SecretBox, private readonly now: () => Date) {}

  static async open(options: PgStoreOptions, masterKey: Uint8Array, now: () => Date = () => new Date()): Promise<PgCredentialVault> {
    const box = new SecretBox(masterKey); // a bad key fails before a connection is made
    const { pool } = await openPgPool({ ...options, max: options.max ?? 2 }, { steps: VAULT_MIGRATIONS, table: 'vault_migrations' });
    return new PgCredentialVault(pool, box, now);
  }

  async put(c: NewCredential): Promise<CredentialInfo> {
    const at = this.now().toISOString();
    const sealed = this.box.seal(c.secret.reveal(), aad(c.contextNip, c.kind));
    const { rows } = await this.pool.query<Row>(`INSERT INTO credentials (context_nip, kind, sealed, reference_number, permissions,
      ksef_status, status, status_reason, last_auth_at, expires_at, added_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'active', NULL, NULL, $8, $7, $7)
      ON CONFLICT (context_nip, kind) DO UPDATE SET sealed = EXCLUDED.sealed, reference_number = EXCLUDED.reference_number,
      permissions = EXCLUDED.permissions, ksef_status = EXCLUDED.ksef_status, status = 'active', status_reason = NULL,
      last_auth_at = NULL, expires_at = EXCLUDED.expires_at, added_at = EXCLUDED.added_at, updated_at = EXCLUDED.updated_at RETURNING *`,
    [c.contextNip, c.kind, sealed, c.referenceNumber ?? null, JSON.stringify(c.permissions ?? []), c.ksefStatus ?? null, at, c.expiresAt ?? null]);
    return credentialInfoFromRow(rows[0]);
  }

  async secret(contextNip: string, kind: CredentialKind): Promise<SecretValue | undefined> {
    const row = await this.row(contextNip, kind);
    return row && new SecretValue(this.box.open(row.sealed, aad(contextNip, kind)));
  }

  async info(contextNip: string, kind: CredentialKind): Promise<CredentialInfo | undefined> {
    const row = await this.row(contextNip, kind);
    return row && credentialInfoFromRow(row);
  }

  async list(): Promise<CredentialInfo[]> {
    return (await this.pool.query<Row>('SELECT * FROM credentials ORDER BY context_nip, kind')).rows.map(credentialInfoFromRow);
  }

  async markStatus(contextNip: string, kind: CredentialKind, status: CredentialStatus, reason?: string): Promise<void> {
    await this.update(contextNip, kind, { status, status_reason: reason ?? null });
  }

  async recordAuthentication(contextNip: string, kind: CredentialKind, at: Date): Promise<void> {
    await this.update(contextNip, kind, { last_auth_at: at.toISOString() });
  }

  async recordKsefStatus(contextNip: string, kind: CredentialKind, ksefStatus: string): Promise<void> {
    await this.update(contextNip, kind, { ksef_status: ksefStatus });
  }

  async remove(contextNip: string, kind: CredentialKind): Promise<boolean> {
    return (await this.pool.query('DELETE FROM credentials WHERE context_nip = $1 AND kind = $2', [contextNip, kind])).rowCount === 1;
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async row(contextNip: string, kind: CredentialKind): Promise<Row | undefined> {
    return (await this.pool.query<Row>('SELECT * FROM credentials WHERE context_nip = $1 AND kind = $2', [contextNip, kind])).rows[0];
  }

  private async update(contextNip: string, kind: CredentialKind, set: Record<string, string | null>): Promise<void> {
    const cols = Object.keys(set);
    await this.pool.query(`UPDATE credentials SET ${cols.map((c, i) => `${c} = $${i + 4}`).join(', ')}, updated_at = $3
      WHERE context_nip = $1 AND kind = $2`, [contextNip, kind, this.now().toISOString(), ...Object.values(set)]);
  }
}
