import { readFileSync } from 'node:fs';
import { GatewayError } from '../errors/GatewayError.js';
import { loadPem } from './loadPem.js';
import { loadPkcs12 } from './loadPkcs12.js';
import type { KeyMaterial } from '../signing/SigningCredential.js';

export interface CredentialFiles {
  readonly p12?: string;
  readonly cert?: string;
  readonly key?: string;
  /** The PKCS#12 password or the PEM key passphrase; from an environment variable, never a CLI argument. */
  readonly password?: string;
}

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new GatewayError('GW_CREDENTIALS_FILE_UNREADABLE', 'config', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { location: path });
  }
}

/** Key material from a PKCS#12 file, or from a PEM certificate plus a PEM key. */
export async function readCredentialFiles(f: CredentialFiles): Promise<KeyMaterial> {
  if (f.p12 && (f.cert || f.key)) throw new GatewayError('GW_CREDENTIALS_FILES', 'config', 'give either --p12 or --cert with --key, not both');
  if (f.p12) return loadPkcs12(new Uint8Array(read(f.p12)), f.password ?? '', f.p12);
  if (f.cert && f.key) return loadPem(read(f.cert).toString('utf8'), read(f.key).toString('utf8'), f.password, f.cert);
  throw new GatewayError('GW_CREDENTIALS_FILES', 'config', 'give --p12 FILE, or --cert FILE with --key FILE');
}
