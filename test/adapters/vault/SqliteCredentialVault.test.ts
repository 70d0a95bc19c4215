import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCredentialVault } from '../../../adapters/vault/SqliteCredentialVault.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';

describe('SqliteCredentialVault', () => {
  let dir: string;
  let file: string;
  const key = randomBytes(32);
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'vault-')); file = join(dir, 'vault.db'); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a token encrypted at rest and gives it back after a reopen', async () => {
    const vault = new SqliteCredentialVault(file, key);
    const info = await vault.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('TOKEN-PLAINTEXT-123'),
      referenceNumber: '20251010-EC-1', permissions: ['InvoiceWrite'], ksefStatus: 'Active' });
    expect(info).toMatchObject({ contextNip: '1111111111', status: 'active', permissions: ['InvoiceWrite'] });
    expect(JSON.stringify(info)).not.toContain('TOKEN-PLAINTEXT');
    await vault.close();
    for (const f of ['vault.db', 'vault.db-wal']) {
      try { expect(readFileSync(join(dir, f)).includes(Buffer.from('TOKEN-PLAINTEXT'))).toBe(false); } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    const again = new SqliteCredentialVault(file, key);
    expect((await again.secret('1111111111', 'token'))?.revealText()).toBe('TOKEN-PLAINTEXT-123');
    await again.close();
    const wrongKey = new SqliteCredentialVault(file, randomBytes(32));
    await expect(wrongKey.secret('1111111111', 'token')).rejects.toThrow(/cannot be decrypted/);
    await wrongKey.close();
  });

  it('keeps a token\'s expiry; a new token replaces it (or clears it); a vault made before step 90 gains the column', async () => {
    // A vault file as the first version left it: user_version 1, no expires_at column.
    const Database = (await import('better-sqlite3')).default;
    const old = new Database(file);
    old.exec(`CREATE TABLE credentials (context_nip TEXT NOT NULL, kind TEXT NOT NULL, sealed BLOB NOT NULL, reference_number TEXT,
      permissions TEXT NOT NULL DEFAULT '[]', ksef_status TEXT, status TEXT NOT NULL, status_reason TEXT,
      last_auth_at TEXT, added_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (context_nip, kind))`);
    old.pragma('user_version = 1');
    old.close();
    const vault = new SqliteCredentialVault(file, key);
    await vault.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('a'), expiresAt: '2027-01-31T23:59:59.999Z' });
    expect((await vault.info('1111111111', 'token'))?.expiresAt).toBe('2027-01-31T23:59:59.999Z');
    expect((await vault.list())[0]?.expiresAt).toBe('2027-01-31T23:59:59.999Z');
    await vault.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('b') });
    expect((await vault.info('1111111111', 'token'))?.expiresAt).toBeUndefined();
    await vault.close();
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(90);
    again.close();
  });

  it('keeps its file readable by the owner only, also one that existed with looser permissions', async () => {
    const vault = new SqliteCredentialVault(file, key);
    await vault.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('x') });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    await vault.close();
    const loose = join(dir, 'loose.db');
    writeFileSync(loose, '');
    chmodSync(loose, 0o644);
    await new SqliteCredentialVault(loose, key).close();
    expect(statSync(loose).mode & 0o777).toBe(0o600);
  });

  it('records revocation and authentication, and a new token makes the context active again', async () => {
    const vault = new SqliteCredentialVault(file, key, () => new Date('2026-01-02T03:04:05Z'));
    await vault.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('old') });
    await vault.recordAuthentication('1111111111', 'token', new Date('2026-01-01T00:00:00Z'));
    await vault.markStatus('1111111111', 'token', 'revoked', 'KSeF auth 450: token revoked');
    expect(await vault.info('1111111111', 'token')).toMatchObject({ status: 'revoked', lastAuthenticatedAt: '2026-01-01T00:00:00.000Z' });
    await vault.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('new') });
    expect(await vault.info('1111111111', 'token')).toMatchObject({ status: 'active', statusReason: undefined });
    expect((await vault.secret('1111111111', 'token'))?.revealText()).toBe('new');
    expect(await vault.list()).toHaveLength(1);
    expect(await vault.remove('1111111111', 'token')).toBe(true);
    expect(await vault.secret('1111111111', 'token')).toBeUndefined();
    await vault.close();
  });
});
