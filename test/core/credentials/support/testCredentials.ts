import { execFileSync } from 'node:child_process';
import { createSelfSignedCredential, type KeyAlgorithm } from '../../../../core/credentials/createSelfSignedCredential.js';
import { importSigningCredential } from '../../../../core/credentials/importSigningCredential.js';
import type { KeyMaterial, SigningCredential } from '../../../../core/signing/SigningCredential.js';

export const SEAL_NIP = '5265877635';

/** A self-signed seal certificate for `nip` with a fresh key of the given kind. */
export async function testCredential(kind: KeyAlgorithm, nip = SEAL_NIP, validDays = 365): Promise<{ material: KeyMaterial; credential: SigningCredential }> {
  const material = await createSelfSignedCredential({ subject: `CN=Test ${kind}, O=Test, 2.5.4.97=VATPL-${nip}, C=PL`, keyAlgorithm: kind, validDays });
  const credential = await importSigningCredential(material, { rsaPadding: kind === 'rsa-pss' ? 'pss' : 'pkcs1' });
  return { material, credential };
}

export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Whether a command-line tool is on PATH (xmlsec1 and openssl are optional in tests). */
export function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
