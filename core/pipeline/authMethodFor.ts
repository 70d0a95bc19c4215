import { GatewayError } from '../errors/GatewayError.js';
import type { AuthMethod } from '../ksef/auth/AuthMethod.js';
import { KsefTokenAuth } from '../ksef/auth/KsefTokenAuth.js';
import type { CredentialKind, CredentialVault } from '../vault/CredentialVault.js';
import { decodeCertificateCredential } from '../credentials/CertificateCredentialRecord.js';
import { loadOnce } from '../lazy/loadOnce.js';

/** The XML-signature stack is some 20 MB of modules: loaded by a gateway with a context that signs, not by every one. */
const xadesStack = loadOnce(async () => {
  const { XadesAuth } = await import('../ksef/auth/xades/XadesAuth.js');
  const { XadesSigner } = await import('../ksef/auth/xades/XadesSigner.js');
  const { importSigningCredential } = await import('../credentials/importSigningCredential.js');
  return { XadesAuth, XadesSigner, importSigningCredential };
});

/**
 * The seam where config's "per context: token or certificate" becomes an AuthMethod for the KSeF client.
 * Switching a context from token to certificate is a config change plus a vault entry; nothing else moves.
 */
export async function authMethodFor(vault: CredentialVault, contextNip: string, kind: CredentialKind): Promise<AuthMethod> {
  const secret = await vault.secret(contextNip, kind);
  const location = `vault:${contextNip}/${kind}`;
  if (!secret) {
    throw new GatewayError('GW_CREDENTIALS_MISSING', 'config', `no ${kind} credential is stored for context ${contextNip}`, {
      location, details: { hint: kind === 'token' ? 'ksef-gateway token add' : 'ksef-gateway credentials import' },
    });
  }
  const info = await vault.info(contextNip, kind);
  if (info && info.status !== 'active') {
    throw new GatewayError('GW_CREDENTIALS_INACTIVE', 'config', `the ${kind} credential of context ${contextNip} is ${info.status}${info.statusReason ? `: ${info.statusReason}` : ''}`, { location });
  }
  if (kind === 'token') return new KsefTokenAuth(secret.revealText());
  const { XadesAuth, XadesSigner, importSigningCredential } = await xadesStack();
  const { material, meta } = decodeCertificateCredential(secret, location);
  const credential = await importSigningCredential(material, { rsaPadding: meta.rsaPadding, source: location });
  return new XadesAuth(new XadesSigner(credential), { subjectIdentifierType: meta.subjectIdentifierType });
}
