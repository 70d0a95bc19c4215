import { createPrivateKey, createPublicKey, X509Certificate, type webcrypto } from 'node:crypto';
import { GatewayError } from '../errors/GatewayError.js';
import type { KeyMaterial, SignatureScheme, SigningCredential } from '../signing/SigningCredential.js';

export interface ImportOptions {
  /** RSA keys sign PKCS#1 v1.5 unless `pss` is asked for; EC keys always sign ECDSA. */
  readonly rsaPadding?: 'pkcs1' | 'pss';
  /** Names the credential in errors (a file name or a vault id), never its content. */
  readonly source?: string;
}

const EC_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

function fail(message: string, source?: string, cause?: unknown): never {
  throw new GatewayError('GW_CREDENTIALS_KEY_INVALID', 'config', message, { location: source, cause });
}

/**
 * Turns key material into a signing credential: checks that the key belongs to the certificate and
 * meets KSeF's minimum sizes (RSA >= 2048, EC >= 256; PROTOCOL.md §4.4), then imports the key into
 * WebCrypto as non-extractable.
 */
export async function importSigningCredential(material: KeyMaterial, options: ImportOptions = {}): Promise<SigningCredential> {
  const { source } = options;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(material.certificateDer);
  } catch (e) {
    fail('the certificate is not a readable X.509 certificate', source, e);
  }
  let keyObject;
  try {
    keyObject = createPrivateKey({ key: Buffer.from(material.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
  } catch (e) {
    fail('the private key is not a readable PKCS#8 key', source, e);
  }
  const keySpki = createPublicKey(keyObject).export({ type: 'spki', format: 'der' });
  const certSpki = cert.publicKey.export({ type: 'spki', format: 'der' });
  if (!keySpki.equals(certSpki)) fail('the private key does not belong to the certificate', source);

  const type = keyObject.asymmetricKeyType;
  const details = keyObject.asymmetricKeyDetails ?? {};
  let scheme: SignatureScheme;
  let algorithm: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
  if (type === 'rsa' || type === 'rsa-pss') {
    if ((details.modulusLength ?? 0) < 2048) fail(`RSA key of ${details.modulusLength} bits: KSeF needs at least 2048`, source);
    scheme = type === 'rsa-pss' || options.rsaPadding === 'pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5';
    algorithm = { name: scheme, hash: 'SHA-256' };
  } else if (type === 'ec') {
    const curve = EC_CURVES[details.namedCurve ?? ''];
    if (!curve) fail(`EC curve ${details.namedCurve ?? '?'} is not supported (P-256, P-384, P-521)`, source);
    scheme = 'ECDSA';
    algorithm = { name: 'ECDSA', namedCurve: curve };
  } else {
    fail(`key type ${type ?? '?'} is not supported (RSA or EC)`, source);
  }
  // WebCrypto only imports rsaEncryption PKCS#8; a PSS-restricted key is re-exported as such by node.
  const pkcs8 = type === 'rsa-pss'
    ? fail('RSA-PSS-restricted keys (OID id-RSASSA-PSS) are not supported: use a plain RSA key with --rsa-padding pss', source)
    : material.privateKeyPkcs8;
  let privateKey: webcrypto.CryptoKey;
  try {
    privateKey = await globalThis.crypto.subtle.importKey('pkcs8', new Uint8Array(pkcs8), algorithm, false, ['sign']);
  } catch (e) {
    fail('the private key could not be imported for signing', source, e);
  }
  return { certificateDer: new Uint8Array(material.certificateDer), privateKey, scheme, hash: 'SHA-256' };
}
