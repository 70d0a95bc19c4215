import type { ApiContext } from '../api/ApiContext.js';
import type {
  CertificateEnrollmentData, CertificateLimits, CertificateListItem, CertificateQuery, EnrollmentStatus, KsefCertificateType, RetrievedCertificate,
} from './types.js';

type Ctx = Pick<ApiContext, 'http' | 'authed'>;

/**
 * The client side of `/certificates/*` (PROTOCOL.md §9.4). Enrolment works only in a session that was
 * authenticated with XAdES (KSeF answers 25001/25002 after token auth).
 */
export class CertificatesApi {
  constructor(private readonly ctx: Ctx) {}

  limits(signal?: AbortSignal): Promise<CertificateLimits> {
    return this.ctx.authed((bearer) => this.ctx.http.json({ method: 'GET', path: '/certificates/limits', bearer, rateLimitGroup: 'other', retry: 'safe', signal }), signal);
  }

  enrollmentData(signal?: AbortSignal): Promise<CertificateEnrollmentData> {
    return this.ctx.authed((bearer) => this.ctx.http.json({ method: 'GET', path: '/certificates/enrollments/data', bearer, rateLimitGroup: 'other', retry: 'safe', signal }), signal);
  }

  /** Sends the CSR (DER); not retried blindly: a repeated enrolment would count twice against the limit. */
  enroll(req: { certificateName: string; certificateType: KsefCertificateType; csrDer: Uint8Array; validFrom?: string }, signal?: AbortSignal): Promise<{ referenceNumber: string; timestamp: string }> {
    const json = { certificateName: req.certificateName, certificateType: req.certificateType, csr: Buffer.from(req.csrDer).toString('base64'), validFrom: req.validFrom };
    return this.ctx.authed((bearer) => this.ctx.http.json({ method: 'POST', path: '/certificates/enrollments', json, bearer, rateLimitGroup: 'other', retry: 'unsafe', signal }), signal);
  }

  enrollmentStatus(referenceNumber: string, signal?: AbortSignal): Promise<EnrollmentStatus> {
    const path = `/certificates/enrollments/${encodeURIComponent(referenceNumber)}`;
    return this.ctx.authed((bearer) => this.ctx.http.json({ method: 'GET', path, bearer, rateLimitGroup: 'other', retry: 'safe', signal }), signal);
  }

  async retrieve(serialNumbers: readonly string[], signal?: AbortSignal): Promise<RetrievedCertificate[]> {
    const res = await this.ctx.authed((bearer) => this.ctx.http.json<{ certificates: (Omit<RetrievedCertificate, 'certificateDer'> & { certificate: string })[] }>({
      method: 'POST', path: '/certificates/retrieve', json: { certificateSerialNumbers: serialNumbers }, bearer, rateLimitGroup: 'other', retry: 'safe', signal,
    }), signal);
    return res.certificates.map(({ certificate, ...rest }) => ({ ...rest, certificateDer: new Uint8Array(Buffer.from(certificate, 'base64')) }));
  }

  query(filters: CertificateQuery = {}, page: { pageOffset?: number; pageSize?: number } = {}, signal?: AbortSignal): Promise<{ certificates: CertificateListItem[]; hasMore: boolean }> {
    return this.ctx.authed((bearer) => this.ctx.http.json({
      method: 'POST', path: '/certificates/query', query: { pageOffset: page.pageOffset, pageSize: page.pageSize }, json: filters, bearer, rateLimitGroup: 'other', retry: 'safe', signal,
    }), signal);
  }

  async revoke(serialNumber: string, reason?: 'Unspecified' | 'Superseded' | 'KeyCompromise', signal?: AbortSignal): Promise<void> {
    const path = `/certificates/${encodeURIComponent(serialNumber)}/revoke`;
    await this.ctx.authed((bearer) => this.ctx.http.send({ method: 'POST', path, json: { revocationReason: reason ?? null }, bearer, rateLimitGroup: 'other', retry: 'safe', signal }), signal);
  }
}
