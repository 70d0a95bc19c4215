import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey } from 'node:crypto';
import { importSigningCredential } from '../../../core/credentials/importSigningCredential.js';
import { loadPem } from '../../../core/credentials/loadPem.js';
import { testCredential, toPem } from './support/testCredentials.js';

describe('loadPem and importSigningCredential', () => {
  it('reads a PEM certificate with a PKCS#8 key and imports it for ECDSA', async () => {
    const { material } = await testCredential('ec');
    const loaded = loadPem(toPem(material.certificateDer, 'CERTIFICATE'), toPem(material.privateKeyPkcs8, 'PRIVATE KEY'));
    expect((await importSigningCredential(loaded)).scheme).toBe('ECDSA');
  });

  it('reads an encrypted PEM key with its passphrase and says which is wrong without echoing it', async () => {
    const { material } = await testCredential('rsa');
    const key = createPrivateKey({ key: Buffer.from(material.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
    const encrypted = key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'tajne-haslo' }).toString();
    const cert = toPem(material.certificateDer, 'CERTIFICATE');
    const loaded = loadPem(cert, encrypted, 'tajne-haslo');
    expect((await importSigningCredential(loaded, { rsaPadding: 'pss' })).scheme).toBe('RSA-PSS');
    let err: unknown;
    try { loadPem(cert, encrypted, 'zle-haslo'); } catch (e) { err = e; }
    expect(err).toMatchObject({ code: 'GW_CREDENTIALS_PEM_INVALID', message: 'the private key passphrase is wrong or missing' });
    expect(JSON.stringify(err)).not.toMatch(/haslo|PRIVATE KEY/);
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const a = await testCredential('ec');
    const b = await testCredential('ec');
    const mixed = { ...a.material, privateKeyPkcs8: b.material.privateKeyPkcs8 };
    await expect(importSigningCredential(mixed, { source: 'cert.pem' })).rejects.toMatchObject({ code: 'GW_CREDENTIALS_KEY_INVALID', location: 'cert.pem' });
  });

  it('refuses an RSA key shorter than the 2048 bits KSeF requires', async () => {
    x509.cryptoProvider.set(globalThis.crypto as unknown as Crypto);
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 1024 };
    const keys = await globalThis.crypto.subtle.generateKey(alg, true, ['sign', 'verify']) as unknown as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=short', keys, signingAlgorithm: alg,
      notBefore: new Date(), notAfter: new Date(Date.now() + 86_400_000) });
    const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey as never));
    await expect(importSigningCredential({ certificateDer: new Uint8Array(cert.rawData), chainDer: [], privateKeyPkcs8: pkcs8 }))
      .rejects.toMatchObject({ code: 'GW_CREDENTIALS_KEY_INVALID', message: expect.stringContaining('at least 2048') });
  });

  it('refuses a PEM without a certificate', () => {
    expect(() => loadPem('nothing here', '')).toThrow(expect.objectContaining({ code: 'GW_CREDENTIALS_PEM_INVALID' }));
  });
});
