import type { X509Certificate } from 'node:crypto';
import type { SimContext } from '../SimContext.js';
import { certificates, type SimCertificateStatus } from './simCertificateRecords.js';

/**
 * The status of a certificate this simulator issued (matched by serial and exact DER), or undefined for
 * any other certificate (self-signed or foreign: accepted as on KSeF's TEST environment).
 */
export function issuedCertificateStatus(sim: SimContext, cert: X509Certificate): SimCertificateStatus | undefined {
  const rec = certificates.get(sim, cert.serialNumber.toUpperCase().padStart(16, '0'));
  if (!rec || rec.derBase64 !== cert.raw.toString('base64')) return undefined;
  return rec.status === 'Active' && Date.parse(rec.validTo) < sim.now().getTime() ? 'Expired' : rec.status;
}
