/** `/certificates/*` shapes (openapi.json 2.6.0, SCHEMAS.md). */
export type KsefCertificateType = 'Authentication' | 'Offline';
export type KsefCertificateStatus = 'Active' | 'Blocked' | 'Revoked' | 'Expired';

export interface CertificateEnrollmentData {
  readonly commonName: string;
  readonly countryName: string;
  readonly givenName?: string | null;
  readonly surname?: string | null;
  readonly serialNumber?: string | null;
  readonly uniqueIdentifier?: string | null;
  readonly organizationName?: string | null;
  readonly organizationIdentifier?: string | null;
}

export interface CertificateLimits {
  readonly canRequest: boolean;
  readonly enrollment: { readonly remaining: number; readonly limit: number };
  readonly certificate: { readonly remaining: number; readonly limit: number };
}

export interface EnrollmentStatus {
  readonly requestDate: string;
  readonly status: { readonly code: number; readonly description: string; readonly details?: readonly string[] | null };
  readonly certificateSerialNumber?: string | null;
}

export interface CertificateListItem {
  readonly certificateSerialNumber: string;
  readonly name: string;
  readonly type: KsefCertificateType;
  readonly commonName: string;
  readonly status: KsefCertificateStatus;
  readonly subjectIdentifier: { readonly type: 'Nip' | 'Pesel' | 'Fingerprint'; readonly value: string };
  readonly validFrom: string;
  readonly validTo: string;
  readonly lastUseDate?: string | null;
  readonly requestDate: string;
}

export interface CertificateQuery {
  readonly certificateSerialNumber?: string;
  readonly name?: string;
  readonly type?: KsefCertificateType;
  readonly status?: KsefCertificateStatus;
  readonly expiresAfter?: string;
}

export interface RetrievedCertificate {
  readonly certificateDer: Uint8Array;
  readonly certificateName: string;
  readonly certificateSerialNumber: string;
  readonly certificateType: KsefCertificateType;
}
