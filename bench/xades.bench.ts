import 'reflect-metadata';
import { verifyAuthTokenSignature } from '../adapters/ksef-simulator/xades/verifyAuthTokenSignature.js';
import { createSelfSignedCredential, type KeyAlgorithm } from '../core/credentials/createSelfSignedCredential.js';
import { importSigningCredential } from '../core/credentials/importSigningCredential.js';
import { buildAuthTokenRequest } from '../core/ksef/auth/xades/buildAuthTokenRequest.js';
import { XadesSigner } from '../core/ksef/auth/xades/XadesSigner.js';

/** XAdES signing (client) and verification (simulator) of AuthTokenRequests per key type, one core. */
async function main(): Promise<void> {
  const n = Number(process.env.BENCH_N ?? 200);
  const xml = buildAuthTokenRequest({ challenge: '20250625-CR-20F5EE4000-DA48AE4124-46', contextIdentifier: { type: 'Nip', value: '5265877635' }, subjectIdentifierType: 'certificateSubject' });
  for (const kind of ['rsa', 'rsa-pss', 'ec'] as KeyAlgorithm[]) {
    const material = await createSelfSignedCredential({ subject: 'CN=bench, 2.5.4.97=VATPL-5265877635', keyAlgorithm: kind });
    const signer = new XadesSigner(await importSigningCredential(material, { rsaPadding: kind === 'rsa-pss' ? 'pss' : 'pkcs1' }));
    await signer.signEnveloped(xml);
    const signed: string[] = [];
    let t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) signed.push(await signer.signEnveloped(xml));
    const signMs = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    for (const s of signed) verifyAuthTokenSignature(new TextEncoder().encode(s));
    const verifyMs = Number(process.hrtime.bigint() - t) / 1e6;
    process.stdout.write(`${kind.padEnd(8)} sign ${(n / signMs * 1000).toFixed(0)}/s (${(signMs / n).toFixed(2)} ms)  verify ${(n / verifyMs * 1000).toFixed(0)}/s (${(verifyMs / n).toFixed(2)} ms)\n`);
  }
}

void main();
