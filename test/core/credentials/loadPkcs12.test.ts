import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { importSigningCredential } from '../../../core/credentials/importSigningCredential.js';
import { loadPkcs12 } from '../../../core/credentials/loadPkcs12.js';
import { hasTool, testCredential, toPem } from './support/testCredentials.js';

const openssl = hasTool('openssl');
if (!openssl) console.warn('openssl is not installed: PKCS#12 files cannot be made for these tests; skipped');

/** Exports key + certificate (+ extra certificates) as PKCS#12 with OpenSSL's own defaults (AES-256, PBKDF2). */
function p12(key: Uint8Array, cert: Uint8Array, password: string, extra: Uint8Array[] = [], flags: string[] = []): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'p12-'));
  try {
    writeFileSync(join(dir, 'key.pem'), toPem(key, 'PRIVATE KEY'));
    writeFileSync(join(dir, 'cert.pem'), toPem(cert, 'CERTIFICATE') + extra.map((c) => toPem(c, 'CERTIFICATE')).join(''));
    const run = spawnSync('openssl', ['pkcs12', '-export', ...flags, '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'cert.pem'),
      '-out', join(dir, 'out.p12'), '-passout', `pass:${password}`], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return new Uint8Array(readFileSync(join(dir, 'out.p12')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(openssl ? describe : describe.skip)('loadPkcs12', () => {
  for (const kind of ['ec', 'rsa'] as const) {
    it(`reads the ${kind} key and certificate of an OpenSSL-made PKCS#12 and they sign together`, async () => {
      const { material } = await testCredential(kind);
      const loaded = await loadPkcs12(p12(material.privateKeyPkcs8, material.certificateDer, 'zaq1@WSX'), 'zaq1@WSX', 'seal.p12');
      expect(Buffer.from(loaded.certificateDer)).toEqual(Buffer.from(material.certificateDer));
      const credential = await importSigningCredential(loaded);
      expect(credential.scheme).toBe(kind === 'ec' ? 'ECDSA' : 'RSASSA-PKCS1-v1_5');
    });
  }

  it('picks the certificate that matches the key when the file also holds a chain', async () => {
    const leaf = await testCredential('ec');
    const other = await testCredential('ec', '7762811692');
    const loaded = await loadPkcs12(p12(leaf.material.privateKeyPkcs8, leaf.material.certificateDer, 'pw', [other.material.certificateDer]), 'pw');
    expect(Buffer.from(loaded.certificateDer)).toEqual(Buffer.from(leaf.material.certificateDer));
    expect(loaded.chainDer).toHaveLength(1);
  });

  it('refuses a wrong password with a config error that names the file and not the password', async () => {
    const { material } = await testCredential('ec');
    const file = p12(material.privateKeyPkcs8, material.certificateDer, 'right-password');
    const err = await loadPkcs12(file, 'wrong-password', 'seal.p12').catch((e: unknown) => e);
    expect(GatewayError.is(err, 'GW_CREDENTIALS_PKCS12_INVALID')).toBe(true);
    expect((err as GatewayError).kind).toBe('config');
    expect((err as GatewayError).location).toBe('seal.p12');
    expect(JSON.stringify(err)).not.toContain('wrong-password');
  });

  it('refuses a legacy (RC2/3DES) PKCS#12 with a message that says how to re-export it', async () => {
    const { material } = await testCredential('ec');
    let file: Uint8Array;
    try {
      file = p12(material.privateKeyPkcs8, material.certificateDer, 'pw', [], ['-legacy']);
    } catch {
      console.warn('openssl cannot write legacy PKCS#12 here (no legacy provider); check skipped');
      return;
    }
    await expect(loadPkcs12(file, 'pw')).rejects.toMatchObject({ code: 'GW_CREDENTIALS_PKCS12_INVALID', message: expect.stringContaining('re-export with AES') });
  });

  it('refuses a file that is not PKCS#12', async () => {
    await expect(loadPkcs12(new Uint8Array([1, 2, 3]), 'x')).rejects.toMatchObject({ code: 'GW_CREDENTIALS_PKCS12_INVALID' });
  });
});
