import { randomBytes } from 'node:crypto';
import { PgCredentialVault } from '../../../adapters/postgres-store/PgCredentialVault.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';
import { dropSchema, pgTestUrl, queryAs, testSchemaName } from './pgTestSchema.js';

const url = pgTestUrl();

describe('PgCredentialVault', () => {
  let schema: string;
  const key = randomBytes(32);
  const opened: PgCredentialVault[] = [];
  const open = async (k: Uint8Array = key, now?: () => Date): Promise<PgCredentialVault> => {
    const v = await PgCredentialVault.open({ url, schema }, k, now);
    opened.push(v);
    return v;
  };
  beforeEach(() => { schema = testSchemaName(); });
  afterEach(async () => {
    for (const v of opened.splice(0)) await v.close();
    await dropSchema(schema);
  });

  it('stores a token encrypted at rest and gives it to another instance with the same key', async () => {
    const a = await open();
    const info = await a.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('TOKEN-PLAINTEXT-123'),
      referenceNumber: '20251010-EC-1', permissions: ['InvoiceWrite'], ksefStatus: 'Active' });
    expect(info).toMatchObject({ contextNip: '1111111111', status: 'active', permissions: ['InvoiceWrite'], referenceNumber: '20251010-EC-1' });
    expect(JSON.stringify(info)).not.toContain('TOKEN-PLAINTEXT');
    const raw = await queryAs<{ sealed: Buffer }>(schema, 'SELECT sealed FROM credentials');
    expect(raw[0].sealed.includes(Buffer.from('TOKEN-PLAINTEXT'))).toBe(false);
    const b = await open();
    expect((await b.secret('1111111111', 'token'))?.revealText()).toBe('TOKEN-PLAINTEXT-123');
    const wrongKey = await open(randomBytes(32));
    await expect(wrongKey.secret('1111111111', 'token')).rejects.toThrow(/cannot be decrypted/);
  });

  it('records revocation and authentication, and a new token makes the context active again', async () => {
    const vault = await open(key, () => new Date('2026-01-02T03:04:05Z'));
    await vault.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('old') });
    await vault.recordAuthentication('1111111111', 'token', new Date('2026-01-01T00:00:00Z'));
    await vault.recordKsefStatus('1111111111', 'token', 'Revoked');
    await vault.markStatus('1111111111', 'token', 'revoked', 'KSeF auth 450: token revoked');
    expect(await vault.info('1111111111', 'token')).toMatchObject({ status: 'revoked', ksefStatus: 'Revoked',
      statusReason: 'KSeF auth 450: token revoked', lastAuthenticatedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T03:04:05.000Z' });
    await vault.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('new') });
    expect(await vault.info('1111111111', 'token')).toMatchObject({ status: 'active', statusReason: undefined, lastAuthenticatedAt: undefined });
    expect((await vault.secret('1111111111', 'token'))?.revealText()).toBe('new');
    await vault.put({ contextNip: '1111111111', kind: 'certificate', secret: new SecretValue('pem') });
    expect((await vault.list()).map((c) => c.kind)).toEqual(['certificate', 'token']);
    expect(await vault.remove('1111111111', 'token')).toBe(true);
    expect(await vault.remove('1111111111', 'token')).toBe(false);
    expect(await vault.secret('1111111111', 'token')).toBeUndefined();
  });

  it('keeps a token\'s expiry until a new token replaces it', async () => {
    const vault = await open();
    await vault.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('a'), expiresAt: '2027-01-31T23:59:59.999Z' });
    expect((await vault.info('1111111111', 'token'))?.expiresAt).toBe('2027-01-31T23:59:59.999Z');
    await vault.markStatus('1111111111', 'token', 'invalid', 'x');
    expect((await vault.list())[0]?.expiresAt).toBe('2027-01-31T23:59:59.999Z');
    await vault.put({ contextNip: '1111111111', kind: 'token', secret: new SecretValue('b') });
    expect((await vault.info('1111111111', 'token'))?.expiresAt).toBeUndefined();
  });

  it('refuses a master key of the wrong length before connecting', async () => {
    const err = await PgCredentialVault.open({ url: 'postgres://nobody@127.0.0.1:1/x', schema }, randomBytes(16)).catch((e: unknown) => e);
    expect(GatewayError.is(err, 'GW_VAULT_KEY_INVALID')).toBe(true);
  });

  it('keeps its migrations apart from the outbox\'s', async () => {
    await Promise.all([open(), open()]);
    expect(await queryAs(schema, 'SELECT version, name FROM vault_migrations ORDER BY version'))
      .toEqual([{ version: 1, name: 'credentials' }, { version: 90, name: 'credential-expiry' }]);
  });
});
