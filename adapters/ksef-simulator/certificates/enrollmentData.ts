import type * as x509 from '@peculiar/x509';
import type { XadesAuthRecord } from '../xades/xadesAuthRecords.js';

export interface EnrollmentData {
  commonName: string;
  countryName: string;
  givenName?: string | null;
  surname?: string | null;
  serialNumber?: string | null;
  uniqueIdentifier?: string | null;
  organizationName?: string | null;
  organizationIdentifier?: string | null;
}

/** OIDs of the CSR subject attributes `/certificates/enrollments/data` names. */
export const ENROLLMENT_OIDS: Record<keyof EnrollmentData, string> = {
  commonName: '2.5.4.3', countryName: '2.5.4.6', givenName: '2.5.4.42', surname: '2.5.4.4', serialNumber: '2.5.4.5',
  uniqueIdentifier: '2.5.4.45', organizationName: '2.5.4.10', organizationIdentifier: '2.5.4.97',
};

/** The subject data for a CSR, from the certificate the caller authenticated with (a seal: organisation; a person: names). */
export function enrollmentData(rec: XadesAuthRecord): EnrollmentData {
  const a = rec.attributes;
  const common = { commonName: a.CN ?? rec.subject.value, countryName: a.C ?? 'PL', uniqueIdentifier: `sim-${rec.authRef.slice(-13)}` };
  if (rec.subject.type === 'Nip' && (a.organizationIdentifier !== undefined || a.O !== undefined)) {
    return { ...common, organizationName: a.O ?? a.CN ?? rec.subject.value, organizationIdentifier: rec.subject.value };
  }
  return { ...common, givenName: a.GN ?? null, surname: a.SN ?? null, serialNumber: a.serialNumber ?? `${rec.subject.type === 'Pesel' ? 'PNOPL' : 'TINPL'}-${rec.subject.value}` };
}

/** Why a CSR subject differs from the enrolment data (25003), or undefined when every given attribute is there. */
export function subjectMismatch(data: EnrollmentData, subject: x509.Name): string | undefined {
  for (const [field, oid] of Object.entries(ENROLLMENT_OIDS) as [keyof EnrollmentData, string][]) {
    const expected = data[field];
    if (expected === undefined || expected === null) continue;
    const actual = subject.getField(oid);
    if (actual.length !== 1 || actual[0] !== expected) return `${field} (${oid}): oczekiwano '${expected}'`;
  }
  return undefined;
}
