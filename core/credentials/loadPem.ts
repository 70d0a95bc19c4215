import { createPrivateKey, X509Certificate } from 'node:crypto';
import { GatewayError } from '../errors/GatewayError.js';
import type { KeyMaterial } from '../signing/SigningCredential.js';

/**
 * Reads a PEM certificate (the first block is the signer, further blocks the chain) and a PEM private key:
 * PKCS#8, PKCS#1 RSA or SEC1 EC, encrypted ones with `passphrase`.
 */
export function loadPem(certificatePem: string, privateKeyPem: string, passphrase?: string, source?: string): KeyMaterial {
  const blocks = certificatePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    throw new GatewayError('GW_CREDENTIALS_PEM_INVALID', 'config', 'no PEM certificate found', { location: source });
  }
  let ders: Uint8Array[];
  try {
    ders = blocks.map((b) => new Uint8Array(new X509Certificate(b).raw));
  } catch (e) {
    throw new GatewayError('GW_CREDENTIALS_PEM_INVALID', 'config', 'a PEM certificate block is not readable', { location: source, cause: e });
  }
  let pkcs8: Buffer;
  try {
    const key = createPrivateKey({ key: privateKeyPem, format: 'pem', passphrase });
    pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  } catch {
    const encrypted = /ENCRYPTED/.test(privateKeyPem);
    const reason = encrypted ? 'the private key passphrase is wrong or missing' : 'the private key is not a readable PEM key';
    // The cause is dropped: OpenSSL messages may quote key bytes.
    throw new GatewayError('GW_CREDENTIALS_PEM_INVALID', 'config', reason, { location: source, details: { encrypted } });
  }
  return { certificateDer: ders[0], chainDer: ders.slice(1), privateKeyPkcs8: new Uint8Array(pkcs8) };
}
