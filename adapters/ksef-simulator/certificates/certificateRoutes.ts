import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { newReferenceNumber } from '../ids/SimIds.js';
import { parseBody } from '../http/parseBody.js';
import type { Router } from '../http/Router.js';
import { SimHttpError } from '../http/SimHttpError.js';
import type { SimRequest } from '../http/SimRequest.js';
import type { SimContext } from '../SimContext.js';
import { findXadesAuth, type XadesAuthRecord } from '../xades/xadesAuthRecords.js';
import { enrollmentData, subjectMismatch } from './enrollmentData.js';
import { SimCertificateAuthority } from './SimCertificateAuthority.js';
import { certificates, enrollments, ownerKey, type SimCertificateRecord } from './simCertificateRecords.js';

const SERIAL = z.string().regex(/^[0-9A-F]{16}$/);
const enrolRequest = z.object({
  certificateName: z.string().min(5).max(100).regex(/^[a-zA-Z0-9_\- ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]+$/),
  certificateType: z.enum(['Authentication', 'Offline']),
  csr: z.string().min(1),
  validFrom: z.string().datetime({ offset: true }).nullish(),
});
const queryRequest = z.object({
  certificateSerialNumber: SERIAL.nullish(), name: z.string().nullish(),
  type: z.enum(['Authentication', 'Offline']).nullish(), status: z.enum(['Active', 'Blocked', 'Revoked', 'Expired']).nullish(),
  expiresAfter: z.string().nullish(),
});
const LIMITS = { Nip: { enrollments: 300, certificates: 100 }, other: { enrollments: 12, certificates: 6 } };
const VALIDITY_MS = 2 * 365 * 86_400_000;

function xadesCaller(sim: SimContext, req: SimRequest, code: number, description: string): XadesAuthRecord {
  const rec = findXadesAuth(sim, req.caller!.authRef);
  if (!rec) throw SimHttpError.badRequest(code, description);
  return rec;
}

const visibleStatus = (sim: SimContext, c: SimCertificateRecord): SimCertificateRecord['status'] =>
  c.status === 'Active' && Date.parse(c.validTo) < sim.now().getTime() ? 'Expired' : c.status;

async function parseCsr(b64: string): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(Buffer.from(b64, 'base64'));
  } catch {
    throw SimHttpError.badRequest(25004, 'Niepoprawny format CSR lub niepoprawny podpis CSR.');
  }
  if (!(await csr.verify())) throw SimHttpError.badRequest(25004, 'Niepoprawny format CSR lub niepoprawny podpis CSR.');
  const alg = csr.publicKey.algorithm as { name: string; modulusLength?: number; namedCurve?: string };
  const ok = (alg.name === 'RSASSA-PKCS1-v1_5' || alg.name === 'RSA-PSS') ? alg.modulusLength === 2048 : alg.name === 'ECDSA' && alg.namedCurve === 'P-256';
  if (!ok) throw SimHttpError.badRequest(25010, 'Nieprawidłowy typ lub długość klucza.', ['Dozwolone: RSA 2048 lub EC P-256.']);
  return csr;
}

/** `/certificates/*` (PROTOCOL.md §9.4): enrolment only after XAdES auth, certificates signed by the simulator's CA. */
export function register(router: Router, sim: SimContext): void {
  let ca: Promise<SimCertificateAuthority> | undefined;
  const authority = (): Promise<SimCertificateAuthority> => (ca ??= SimCertificateAuthority.load(sim));
  router.add(
    {
      method: 'GET', path: '/v2/certificates/limits', auth: 'access', rate: 'other',
      handler: (req) => {
        const rec = findXadesAuth(sim, req.caller!.authRef);
        const owner = rec ? ownerKey(rec.subject) : '';
        const limit = rec?.subject.type === 'Nip' ? LIMITS.Nip : LIMITS.other;
        const active = rec ? certificates.ofOwner(sim, owner).filter((c) => visibleStatus(sim, c) === 'Active').length : 0;
        const used = rec ? enrollments.countOfOwner(sim, owner) : 0;
        const remaining = { enrollment: Math.max(0, limit.enrollments - used), certificate: Math.max(0, limit.certificates - active) };
        return { status: 200, json: { canRequest: !!rec && remaining.enrollment > 0 && remaining.certificate > 0,
          enrollment: { remaining: remaining.enrollment, limit: limit.enrollments }, certificate: { remaining: remaining.certificate, limit: limit.certificates } } };
      },
    },
    {
      method: 'GET', path: '/v2/certificates/enrollments/data', auth: 'access', rate: 'other',
      handler: (req) => {
        const rec = xadesCaller(sim, req, 25001, 'Brak możliwości pobrania danych do CSR dla wykorzystanego sposobu uwierzytelnienia.');
        return { status: 200, json: enrollmentData(rec) };
      },
    },
    {
      method: 'POST', path: '/v2/certificates/enrollments', auth: 'access', rate: 'other',
      handler: async (req) => {
        const rec = xadesCaller(sim, req, 25002, 'Brak możliwości złożenia wniosku certyfikacyjnego dla wykorzystanego sposobu uwierzytelnienia.');
        const body = parseBody(req, enrolRequest);
        const csr = await parseCsr(body.csr);
        const mismatch = subjectMismatch(enrollmentData(rec), csr.subjectName);
        if (mismatch) throw SimHttpError.badRequest(25003, 'Dane w CSR nie zgadzają się z danymi w użytym wektorze uwierzytelniającym.', [mismatch]);
        const now = sim.now();
        const owner = ownerKey(rec.subject);
        const limit = rec.subject.type === 'Nip' ? LIMITS.Nip : LIMITS.other;
        const referenceNumber = newReferenceNumber('EH', now);
        const base = { referenceNumber, requestDate: now.toISOString(), readyAt: sim.later(sim.processingDelayMs()), owner };
        const active = certificates.ofOwner(sim, owner).filter((c) => visibleStatus(sim, c) === 'Active').length;
        if (active >= limit.certificates) {
          enrollments.put(sim, { ...base, rejection: 'Osiągnięto dopuszczalny limit posiadanych certyfikatów.' });
          return { status: 202, json: { referenceNumber, timestamp: base.requestDate } };
        }
        const serialNumber = `${(randomBytes(1)[0] & 0x7f).toString(16).padStart(2, '0')}${randomBytes(7).toString('hex')}`.toUpperCase();
        const validFrom = body.validFrom ? new Date(body.validFrom) : now;
        const validTo = new Date(validFrom.getTime() + VALIDITY_MS);
        const cert = await (await authority()).issue(csr, serialNumber, validFrom, validTo, body.certificateType);
        certificates.put(sim, {
          serialNumber, name: body.certificateName, type: body.certificateType, commonName: csr.subjectName.getField('CN')[0] ?? '',
          status: 'Active', subjectIdentifier: rec.subject, validFrom: validFrom.toISOString(), validTo: validTo.toISOString(),
          requestDate: base.requestDate, derBase64: Buffer.from(cert.rawData).toString('base64'),
        });
        enrollments.put(sim, { ...base, serialNumber });
        return { status: 202, json: { referenceNumber, timestamp: base.requestDate } };
      },
    },
    {
      method: 'GET', path: '/v2/certificates/enrollments/{referenceNumber}', auth: 'access', rate: 'other',
      handler: (req) => {
        const e = enrollments.get(sim, req.params.referenceNumber);
        if (!e) throw SimHttpError.badRequest(25005, 'Wniosek certyfikacyjny o podanym numerze referencyjnym nie istnieje.');
        const status = !sim.isDue(e.readyAt) ? { code: 100, description: 'Wniosek przyjęty do realizacji' }
          : e.rejection ? { code: 400, description: 'Wniosek odrzucony', details: [e.rejection] }
            : { code: 200, description: 'Wniosek obsłużony (certyfikat wygenerowany)' };
        return { status: 200, json: { requestDate: e.requestDate, status, certificateSerialNumber: status.code === 200 ? e.serialNumber : null } };
      },
    },
    {
      method: 'POST', path: '/v2/certificates/retrieve', auth: 'access', rate: 'other',
      handler: (req) => {
        const body = parseBody(req, z.object({ certificateSerialNumbers: z.array(SERIAL).min(1).max(10) }));
        const found = body.certificateSerialNumbers.map((s) => certificates.get(sim, s)).filter((c): c is SimCertificateRecord => !!c);
        return { status: 200, json: { certificates: found.map((c) => ({ certificate: c.derBase64, certificateName: c.name, certificateSerialNumber: c.serialNumber, certificateType: c.type })) } };
      },
    },
    {
      method: 'POST', path: '/v2/certificates/query', auth: 'access', rate: 'other',
      handler: (req) => {
        const f = parseBody(req, queryRequest);
        const rec = findXadesAuth(sim, req.caller!.authRef);
        const owners = new Set([rec ? ownerKey(rec.subject) : '', ownerKey({ type: 'Nip', value: req.caller!.contextValue })]);
        const pageSize = Math.min(50, Math.max(10, Number(req.query.get('pageSize') ?? 10)));
        const pageOffset = Math.max(0, Number(req.query.get('pageOffset') ?? 0));
        const all = [...owners].flatMap((o) => certificates.ofOwner(sim, o)).map((c) => ({ ...c, status: visibleStatus(sim, c) }))
          .filter((c) => (!f.certificateSerialNumber || c.serialNumber === f.certificateSerialNumber) && (!f.name || c.name.toLowerCase().includes(f.name.toLowerCase()))
            && (!f.type || c.type === f.type) && (!f.status || c.status === f.status) && (!f.expiresAfter || Date.parse(c.validTo) > Date.parse(f.expiresAfter)))
          .sort((a, b) => b.requestDate.localeCompare(a.requestDate));
        const page = all.slice(pageOffset * pageSize, (pageOffset + 1) * pageSize).map((c) => ({
          certificateSerialNumber: c.serialNumber, name: c.name, type: c.type, commonName: c.commonName, status: c.status,
          subjectIdentifier: c.subjectIdentifier, validFrom: c.validFrom, validTo: c.validTo, lastUseDate: null, requestDate: c.requestDate,
        }));
        return { status: 200, json: { certificates: page, hasMore: all.length > (pageOffset + 1) * pageSize } };
      },
    },
    {
      method: 'POST', path: '/v2/certificates/{certificateSerialNumber}/revoke', auth: 'access', rate: 'other',
      handler: (req) => {
        const rec = findXadesAuth(sim, req.caller!.authRef);
        if (!rec) {
          throw new SimHttpError({ status: 403, detail: 'Operacja niedostępna dla podmiotu uwierzytelnionego tokenem KSeF.', reasonCode: 'auth-method-not-allowed',
            security: { authenticationMethodCategory: 'Token' } });
        }
        const body = req.body.length > 0 ? parseBody(req, z.object({ revocationReason: z.enum(['Unspecified', 'Superseded', 'KeyCompromise']).nullish() })) : {};
        const c = certificates.get(sim, req.params.certificateSerialNumber);
        if (!c || c.subjectIdentifier.value !== rec.subject.value) throw SimHttpError.badRequest(25008, 'Certyfikat o podanym numerze seryjnym nie istnieje.');
        if (visibleStatus(sim, c) !== 'Active') {
          throw SimHttpError.badRequest(25009, 'Nie można odwołać wskazanego certyfikatu, ponieważ jest już odwołany, zablokowany lub nieważny.');
        }
        certificates.put(sim, { ...c, status: 'Revoked', revocationReason: body.revocationReason ?? 'Unspecified' });
        return { status: 204 };
      },
    },
  );
}
