import type { SimContext } from '../SimContext.js';

export type SimCertificateType = 'Authentication' | 'Offline';
export type SimCertificateStatus = 'Active' | 'Blocked' | 'Revoked' | 'Expired';

export interface SimCertificateRecord {
  readonly serialNumber: string;
  readonly name: string;
  readonly type: SimCertificateType;
  readonly commonName: string;
  readonly status: SimCertificateStatus;
  readonly subjectIdentifier: { readonly type: 'Nip' | 'Pesel' | 'Fingerprint'; readonly value: string };
  readonly validFrom: string;
  readonly validTo: string;
  readonly requestDate: string;
  readonly derBase64: string;
  readonly revocationReason?: string;
}

export interface SimEnrollmentRecord {
  readonly referenceNumber: string;
  readonly requestDate: string;
  readonly readyAt: string;
  readonly owner: string;
  readonly serialNumber?: string;
  readonly rejection?: string;
}

// Kept in the store's 'meta' kind under prefixed ids; `ctx` is the owner (subject identifier) for listing.
export const ownerKey = (s: { type: string; value: string }): string => `cert-owner:${s.type}:${s.value}`;

export const certificates = {
  get: (sim: SimContext, serial: string): SimCertificateRecord | undefined => sim.store.get('meta', `cert:${serial}`),
  put: (sim: SimContext, rec: SimCertificateRecord): void => { sim.store.put('meta', `cert:${rec.serialNumber}`, rec, { ctx: ownerKey(rec.subjectIdentifier) }); },
  ofOwner: (sim: SimContext, owner: string): SimCertificateRecord[] =>
    sim.store.byCtx<SimCertificateRecord>('meta', owner),
};

export const enrollments = {
  get: (sim: SimContext, ref: string): SimEnrollmentRecord | undefined => sim.store.get('meta', `enrol:${ref}`),
  put: (sim: SimContext, rec: SimEnrollmentRecord): void => { sim.store.put('meta', `enrol:${rec.referenceNumber}`, rec, { ctx: `enrol-owner:${rec.owner}` }); },
  countOfOwner: (sim: SimContext, owner: string): number => sim.store.byCtx('meta', `enrol-owner:${owner}`).length,
};
