import { GatewayError } from '../../errors/GatewayError.js';
import type { KeyMaterial } from '../../signing/SigningCredential.js';
import { generateKeyPair, type KeyAlgorithm } from '../../signing/generateKeyPair.js';
import { buildCsr } from './buildCsr.js';
import type { CertificatesApi } from './CertificatesApi.js';
import type { KsefCertificateType } from './types.js';

export interface EnrollOptions {
  readonly certificateName: string;
  readonly certificateType: KsefCertificateType;
  /** KSeF recommends EC (P-256); RSA keys are 2048 bits. */
  readonly keyAlgorithm?: Exclude<KeyAlgorithm, 'rsa-pss'>;
  readonly validFrom?: string;
  readonly pollIntervalMs?: number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface EnrolledCertificate extends KeyMaterial {
  readonly serialNumber: string;
  readonly certificateType: KsefCertificateType;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The whole enrolment (PROTOCOL.md §9.4): subject data, a fresh key pair made here (the key never leaves the
 * gateway), the CSR, the request, polling until KSeF answers, and retrieving the certificate.
 * The caller stores the result in the vault: it holds the private key.
 */
export async function enrollCertificate(api: CertificatesApi, o: EnrollOptions): Promise<EnrolledCertificate> {
  const data = await api.enrollmentData(o.signal);
  const keys = await generateKeyPair(o.keyAlgorithm ?? 'ec');
  const csrDer = await buildCsr(data, keys);
  const { referenceNumber } = await api.enroll({ certificateName: o.certificateName, certificateType: o.certificateType, csrDer, validFrom: o.validFrom }, o.signal);
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  for (;;) {
    const st = await api.enrollmentStatus(referenceNumber, o.signal);
    if (st.status.code === 200 && st.certificateSerialNumber) {
      const [cert] = await api.retrieve([st.certificateSerialNumber], o.signal);
      if (!cert) throw new GatewayError('GW_CERT_NOT_RETRIEVED', 'transient', `certificate ${st.certificateSerialNumber} was issued but not returned`, { location: referenceNumber });
      const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey));
      return { certificateDer: cert.certificateDer, chainDer: [], privateKeyPkcs8: pkcs8, serialNumber: cert.certificateSerialNumber, certificateType: cert.certificateType };
    }
    if (st.status.code >= 400) {
      throw new GatewayError('GW_CERT_ENROLLMENT_REJECTED', st.status.code === 550 ? 'transient' : 'data',
        `KSeF rejected the certificate request: ${st.status.description}${st.status.details?.length ? ` (${st.status.details.join('; ')})` : ''}`,
        { location: referenceNumber, details: { statusCode: st.status.code } });
    }
    if (Date.now() > deadline) throw new GatewayError('GW_CERT_ENROLLMENT_TIMEOUT', 'transient', 'KSeF did not finish the certificate request in time', { location: referenceNumber });
    await sleep(o.pollIntervalMs ?? 1000);
  }
}
