import 'reflect-metadata';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

export type KeyUsage = 'KsefTokenEncryption' | 'SymmetricKeyEncryption';

export interface SimKey {
  usage: KeyUsage;
  privateKey: KeyObject;
  certificateDer: Buffer;
  /** Base64 SHA-256 of the DER certificate. */
  certificateId: string;
  /** Base64 SHA-256 of the DER SubjectPublicKeyInfo: what clients send back as publicKeyId. */
  publicKeyId: string;
  validFrom: Date;
  validTo: Date;
}

interface StoredKey { usage: KeyUsage; privateKeyPem: string; certificateB64: string }

const USAGES: KeyUsage[] = ['KsefTokenEncryption', 'SymmetricKeyEncryption'];
const sha256b64 = (b: Buffer): string => createHash('sha256').update(b).digest('base64');

async function generate(usage: KeyUsage, now: Date): Promise<StoredKey> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const keys = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', pkcs8, alg, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', spki, alg, true, ['verify']),
  };
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: createHash('sha1').update(spki).digest('hex').slice(0, 16),
    name: `CN=KSeF simulator ${usage}, O=ksef-gateway`,
    notBefore: new Date(now.getTime() - 24 * 3600_000),
    notAfter: new Date(now.getTime() + 2 * 365 * 24 * 3600_000),
    keys,
    signingAlgorithm: alg,
  }, webcrypto as unknown as Crypto);
  return { usage, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certificateB64: Buffer.from(cert.rawData).toString('base64') };
}

function load(stored: StoredKey): SimKey {
  const cert = new x509.X509Certificate(Buffer.from(stored.certificateB64, 'base64'));
  const der = Buffer.from(stored.certificateB64, 'base64');
  return {
    usage: stored.usage,
    privateKey: createPrivateKey(stored.privateKeyPem),
    certificateDer: der,
    certificateId: sha256b64(der),
    publicKeyId: sha256b64(Buffer.from(cert.publicKey.rawData)),
    validFrom: cert.notBefore,
    validTo: cert.notAfter,
  };
}

/** The simulator's two RSA-2048 keys with self-signed certificates, one per usage (KSeF keeps them separate). */
export class SimKeyring {
  private constructor(readonly keys: readonly SimKey[]) {}

  static async open(dataDir: string | undefined, now: Date): Promise<SimKeyring> {
    if (!dataDir) return new SimKeyring((await memoryKeys(now)).map(load));
    const file = join(dataDir, 'keyring.json');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const stored = await Promise.all(USAGES.map((u) => generate(u, now)));
      writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
    }
    return new SimKeyring((JSON.parse(readFileSync(file, 'utf8')) as StoredKey[]).map(load));
  }

  forUsage(usage: KeyUsage): SimKey {
    return this.keys.find((k) => k.usage === usage)!;
  }

  byPublicKeyId(id: string): SimKey | undefined {
    return this.keys.find((k) => k.publicKeyId === id);
  }
}

// In-memory simulators of one process share keys: generating RSA keys for every test would slow the suite.
let memory: Promise<StoredKey[]> | undefined;
function memoryKeys(now: Date): Promise<StoredKey[]> {
  memory ??= Promise.all(USAGES.map((u) => generate(u, now)));
  return memory;
}
