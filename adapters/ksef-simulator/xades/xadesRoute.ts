import { createHash, type X509Certificate } from 'node:crypto';
import { AUTH_TEXT, startAuthOperation } from '../auth/startAuthOperation.js';
import type { Router } from '../http/Router.js';
import { SimHttpError } from '../http/SimHttpError.js';
import type { SimContext } from '../SimContext.js';
import type { AuthRecord, ChallengeRecord, StatusInfo } from '../store/records.js';
import { issuedCertificateStatus } from '../certificates/issuedCertificateStatus.js';
import { saveXadesAuth } from './xadesAuthRecords.js';
import { verifyAuthTokenSignature, type VerifiedAuthRequest } from './verifyAuthTokenSignature.js';
import { XadesRejection } from './XadesRejection.js';

const CHALLENGE_LIFETIME_MS = 10 * 60_000;
/** The context owner's implicit permissions (PROTOCOL.md §12: all but VatUeManage; EnforcementOperations is a bailiff's). */
export const OWNER_PERMISSIONS = ['InvoiceRead', 'InvoiceWrite', 'CredentialsRead', 'CredentialsManage', 'SubunitManage', 'Introspection', 'PefInvoiceWrite'];

function subjectAttributes(cert: X509Certificate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of cert.subject.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function method(v: VerifiedAuthRequest, internal: boolean): Pick<AuthRecord, 'method' | 'methodInfo'> {
  if (internal) return { method: 'InternalCertificate', methodInfo: { category: 'XadesSignature', code: 'xades.internal-certificate', displayName: 'Certyfikat KSeF' } };
  if ('organizationIdentifier' in subjectAttributes(v.certificate)) {
    return { method: 'QualifiedSeal', methodInfo: { category: 'XadesSignature', code: 'xades.qualified-seal', displayName: 'Pieczęć kwalifikowana' } };
  }
  return { method: 'QualifiedSignature', methodInfo: { category: 'XadesSignature', code: 'xades.qualified-signature', displayName: 'Podpis kwalifikowany' } };
}

/**
 * Owner rule of the TEST environment (self-signed accepted): a subject whose NIP is the context's NIP
 * (or the NIP part of an InternalId) holds the owner's permissions; anyone else holds none here (415).
 */
function permissionsOf(v: VerifiedAuthRequest): string[] {
  if (v.subject.type !== 'Nip') return [];
  const contextNip = v.context.type === 'Nip' ? v.context.value : v.context.type === 'InternalId' ? v.context.value.split('-')[0] : undefined;
  return contextNip === v.subject.value ? OWNER_PERMISSIONS : [];
}

function certificateOutcome(sim: SimContext, v: VerifiedAuthRequest): { outcome: StatusInfo; internal: boolean } {
  const now = sim.now().getTime();
  const internal = issuedCertificateStatus(sim, v.certificate);
  if (internal === 'Revoked' || internal === 'Blocked') return { outcome: AUTH_TEXT.badCertificate('Certyfikat odwołany'), internal: true };
  if (Date.parse(v.certificate.validFrom) > now || Date.parse(v.certificate.validTo) < now) {
    return { outcome: AUTH_TEXT.badCertificate('Nieważny certyfikat'), internal: internal !== undefined };
  }
  return { outcome: AUTH_TEXT.ok, internal: internal !== undefined };
}

/** `POST /v2/auth/xades-signature` (PROTOCOL.md §4.4): a real signature check, then the same async operation as tokens. */
export function register(router: Router, sim: SimContext): void {
  router.add({
    method: 'POST', path: '/v2/auth/xades-signature', auth: 'none', rate: 'public',
    handler: async (req) => {
      let verified: VerifiedAuthRequest;
      try {
        verified = verifyAuthTokenSignature(req.body);
      } catch (e) {
        if (e instanceof XadesRejection) throw SimHttpError.badRequest(e.code, e.description, [e.details]);
        throw e;
      }
      const challenge = sim.store.get<ChallengeRecord>('challenge', verified.challenge);
      if (!challenge || challenge.used || sim.now().getTime() - Date.parse(challenge.createdAt) > CHALLENGE_LIFETIME_MS) {
        throw SimHttpError.badRequest(21111, 'Nieprawidłowe wyzwanie autoryzacyjne.');
      }
      if (verified.subjectIdentifierType === 'certificateSubject' && verified.subject.type === 'Fingerprint') {
        throw SimHttpError.badRequest(21117, 'Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu.',
          ['Certyfikat nie zawiera numeru NIP ani PESEL; użyj certificateFingerprint.']);
      }
      sim.store.put('challenge', challenge.challenge, { ...challenge, used: true });
      const { outcome, internal } = certificateOutcome(sim, verified);
      const started = await startAuthOperation(sim, {
        ...method(verified, internal),
        context: verified.context,
        outcome,
        permissions: permissionsOf(verified),
        authDocumentHash: createHash('sha256').update(req.body).digest('base64'),
      });
      saveXadesAuth(sim, { authRef: started.referenceNumber, subject: verified.subject, attributes: subjectAttributes(verified.certificate) });
      return { status: 202, json: started };
    },
  });
}
