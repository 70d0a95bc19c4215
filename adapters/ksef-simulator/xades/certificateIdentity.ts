import { createHash, X509Certificate } from 'node:crypto';

export type SubjectIdentifier = { readonly type: 'Nip' | 'Pesel' | 'Fingerprint'; readonly value: string };

/** One attribute of an X.509 subject, read from Node's multi-line `subject` ("OID=value" for unnamed attributes). */
function attribute(cert: X509Certificate, ...names: string[]): string | undefined {
  for (const line of cert.subject.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && names.includes(line.slice(0, eq))) return line.slice(eq + 1);
  }
  return undefined;
}

/** Hex SHA-256 of the DER certificate: the identity KSeF uses when the subject carries no NIP/PESEL. */
export const fingerprintOf = (cert: X509Certificate): string => createHash('sha256').update(cert.raw).digest('hex').toUpperCase();

/**
 * Who a certificate authenticates (docs auth/podpis-xades.md): serialNumber (2.5.4.5) `PNOPL|PESEL` -> PESEL,
 * `TINPL|NIP` -> NIP; organizationIdentifier (2.5.4.97) `VATPL` -> NIP; otherwise the SHA-256 fingerprint.
 * KSeF-issued certificates carry the NIP in organizationIdentifier without a prefix, so a bare 10 digits counts too.
 */
export function certificateIdentity(cert: X509Certificate, preferFingerprint = false): SubjectIdentifier {
  if (!preferFingerprint) {
    const serial = attribute(cert, 'serialNumber', '2.5.4.5');
    const pesel = serial?.match(/(PNOPL|PESEL).*?(\d{11})/);
    if (pesel) return { type: 'Pesel', value: pesel[2] };
    const nip = serial?.match(/(TINPL|NIP).*?(\d{10})/);
    if (nip) return { type: 'Nip', value: nip[2] };
    const org = attribute(cert, 'organizationIdentifier', '2.5.4.97');
    const vat = org?.match(/VATPL.*?(\d{10})/) ?? org?.match(/^(\d{10})$/);
    if (vat) return { type: 'Nip', value: vat[1] };
  }
  return { type: 'Fingerprint', value: fingerprintOf(cert) };
}
