import { randomBytes } from 'node:crypto';
import { SqliteCredentialVault } from '../../../adapters/vault/SqliteCredentialVault.js';
import { authMethodFor } from '../../../core/pipeline/authMethodFor.js';
import { encodeCertificateCredential } from '../../../core/credentials/CertificateCredentialRecord.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';
import { testCredential } from '../credentials/support/testCredentials.js';

describe('authMethodFor', () => {
  it('gives a token method or a certificate method for the same context, as config chooses', async () => {
    const vault = new SqliteCredentialVault(':memory:', randomBytes(32));
    const { material } = await testCredential('rsa');
    await vault.put({ contextNip: '5265877635', kind: 'token', secret: new SecretValue('ref|nip-5265877635|secret') });
    await vault.put({ contextNip: '5265877635', kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'external', rsaPadding: 'pss' }) });
    expect((await authMethodFor(vault, '5265877635', 'token')).kind).toBe('token');
    const cert = await authMethodFor(vault, '5265877635', 'certificate');
    expect(cert.kind).toBe('certificate');
    expect(JSON.stringify(cert)).not.toContain('PRIVATE');
    await vault.close();
  });

  it('fails with a config error naming the context when no credential of that kind is stored, or it was revoked', async () => {
    const vault = new SqliteCredentialVault(':memory:', randomBytes(32));
    await expect(authMethodFor(vault, '5265877635', 'certificate')).rejects.toMatchObject({ code: 'GW_CREDENTIALS_MISSING', kind: 'config', location: 'vault:5265877635/certificate' });
    const { material } = await testCredential('ec');
    await vault.put({ contextNip: '5265877635', kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'ksef' }) });
    await vault.markStatus('5265877635', 'certificate', 'revoked', 'revoked in KSeF');
    await expect(authMethodFor(vault, '5265877635', 'certificate')).rejects.toMatchObject({ code: 'GW_CREDENTIALS_INACTIVE' });
    await vault.close();
  });
});
