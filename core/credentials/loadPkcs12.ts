import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { GatewayError } from '../errors/GatewayError.js';
import type { KeyMaterial } from '../signing/SigningCredential.js';

const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const X509_CERT = '1.2.840.113549.1.9.22.1';

function fail(message: string, source?: string, cause?: unknown): never {
  throw new GatewayError('GW_CREDENTIALS_PKCS12_INVALID', 'config', message, { location: source, cause });
}

const toBuffer = (u: Uint8Array): ArrayBuffer => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

/**
 * Reads the certificate and private key from a PKCS#12 (.p12/.pfx) file, checking its MAC with the
 * password. pkijs does this on WebCrypto, so no OpenSSL binary is needed; it reads the PBES2
 * (AES + PBKDF2) containers that OpenSSL 3, Windows and Java produce by default.
 * The certificate returned is the one whose public key matches the private key (others form the chain).
 */
export async function loadPkcs12(bytes: Uint8Array, password: string, source?: string): Promise<KeyMaterial> {
  const pwd = toBuffer(new TextEncoder().encode(password));
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(toBuffer(bytes));
  } catch (e) {
    fail('not a PKCS#12 file', source, e);
  }
  try {
    await pfx.parseInternalValues({ password: pwd, checkIntegrity: true });
  } catch (e) {
    fail('the PKCS#12 password is wrong or the file is damaged (integrity check failed)', source, e);
  }
  const authSafe = pfx.parsedValue?.authenticatedSafe;
  if (!authSafe) fail('the PKCS#12 file has no content', source);
  try {
    await authSafe.parseInternalValues({ safeContents: authSafe.safeContents.map(() => ({ password: pwd })) });
  } catch (e) {
    fail('the PKCS#12 content could not be decrypted (unsupported legacy algorithm? re-export with AES)', source, e);
  }
  const keys: Uint8Array[] = [];
  const certs: Uint8Array[] = [];
  for (const contents of authSafe.parsedValue?.safeContents ?? []) {
    for (const bag of contents.value.safeBags) {
      if (bag.bagId === KEY_BAG) {
        keys.push(new Uint8Array((bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER(false)));
      } else if (bag.bagId === SHROUDED_KEY_BAG) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        try {
          // pkijs marks this protected, yet it is the documented way to decrypt a shrouded key bag.
          await (shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: pwd });
        } catch (e) {
          fail('the private key in the PKCS#12 file could not be decrypted', source, e);
        }
        if (shrouded.parsedValue) keys.push(new Uint8Array(shrouded.parsedValue.toSchema().toBER(false)));
      } else if (bag.bagId === CERT_BAG) {
        const certBag = bag.bagValue as pkijs.CertBag;
        if (certBag.certId !== X509_CERT) continue;
        const der = certBag.certValue instanceof pkijs.Certificate
          ? certBag.certValue.toSchema().toBER(false)
          : (certBag.certValue as asn1js.OctetString).valueBlock.valueHexView;
        certs.push(new Uint8Array(der));
      }
    }
  }
  if (keys.length !== 1) fail(`the PKCS#12 file holds ${keys.length} private keys; exactly one is needed`, source);
  if (certs.length === 0) fail('the PKCS#12 file holds no certificate', source);
  const leaf = await matchingCertificate(keys[0], certs);
  if (!leaf) fail('no certificate in the PKCS#12 file matches its private key', source);
  return { certificateDer: leaf, chainDer: certs.filter((c) => c !== leaf), privateKeyPkcs8: keys[0] };
}

async function matchingCertificate(pkcs8: Uint8Array, certs: readonly Uint8Array[]): Promise<Uint8Array | undefined> {
  const { createPrivateKey, createPublicKey, X509Certificate } = await import('node:crypto');
  const spki = createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
  return certs.find((c) => new X509Certificate(c).publicKey.export({ type: 'spki', format: 'der' }).equals(spki));
}
