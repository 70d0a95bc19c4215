import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../../adapters/ksef-simulator/startSimulator.js';
import { generateKeyPair } from '../../../../core/signing/generateKeyPair.js';
import { buildAuthTokenRequest } from '../../../../core/ksef/auth/xades/buildAuthTokenRequest.js';
import { XadesSigner } from '../../../../core/ksef/auth/xades/XadesSigner.js';
import { buildCsr } from '../../../../core/ksef/certificates/buildCsr.js';
import type { CertificateEnrollmentData } from '../../../../core/ksef/certificates/types.js';
import { assertRequestConforms, assertResponseConforms } from '../../../support/openapiConformance.js';
import { KSEF_DIR } from '../../../support/sharedDir.js';
import { SEAL_NIP, testCredential } from '../../credentials/support/testCredentials.js';

const example = <T = Record<string, string>>(name: string): T => JSON.parse(readFileSync(join(KSEF_DIR, 'api-examples', name), 'utf8')) as T;

describe('KSeF certificates: conformance with the official examples and openapi.json', () => {
  it('builds a CSR whose subject is byte for byte the one in KSeF\'s example request for the example enrolment data', async () => {
    const data = example<CertificateEnrollmentData>('GET_certificates_enrollments_data.response.200.json');
    const official = new x509.Pkcs10CertificateRequest(new Uint8Array(Buffer.from(example('POST_certificates_enrollments.request.json').csr, 'base64')));
    const ours = new x509.Pkcs10CertificateRequest(new Uint8Array(await buildCsr(data, await generateKeyPair('ec'))));
    expect(Buffer.from(ours.subjectName.toArrayBuffer()).toString('hex')).toBe(Buffer.from(official.subjectName.toArrayBuffer()).toString('hex'));
    expect(await ours.verify()).toBe(true);
  });

  describe('the simulator\'s /certificates answers', () => {
    let sim: RunningSimulator;
    let bearer: string;
    beforeAll(async () => {
      sim = await startSimulator({ processingDelayMs: 10 });
      const post = async (path: string, init: RequestInit = {}) => fetch(`${sim.baseUrl}${path}`, { method: 'POST', ...init });
      const { challenge } = await (await post('/auth/challenge')).json() as { challenge: string };
      const { credential } = await testCredential('ec', SEAL_NIP);
      const signed = await new XadesSigner(credential).signEnveloped(buildAuthTokenRequest({ challenge, contextIdentifier: { type: 'Nip', value: SEAL_NIP }, subjectIdentifierType: 'certificateSubject' }));
      const started = await (await post('/auth/xades-signature', { body: signed, headers: { 'content-type': 'application/xml' } })).json() as { referenceNumber: string; authenticationToken: { token: string } };
      const auth = { authorization: `Bearer ${started.authenticationToken.token}` };
      for (let i = 0; i < 100; i++) {
        const st = await (await fetch(`${sim.baseUrl}/auth/${started.referenceNumber}`, { headers: auth })).json() as { status: { code: number } };
        if (st.status.code !== 100) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      bearer = ((await (await post('/auth/token/redeem', { headers: auth })).json()) as { accessToken: { token: string } }).accessToken.token;
    });
    afterAll(async () => { await sim.close(); });

    async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
      if (body !== undefined) assertRequestConforms(method, path.split('?')[0], body);
      const res = await fetch(`${sim.baseUrl}${path}`, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { authorization: `Bearer ${bearer}`, 'x-error-format': 'problem-details', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      });
      const text = await res.text();
      const json = text ? JSON.parse(text) as unknown : undefined;
      assertResponseConforms(method, path.split('?')[0], res.status, json, res.headers.get('content-type') ?? undefined);
      return { status: res.status, json };
    }

    it('answers limits, enrolment data, enrolment, status, retrieve, query and revoke as openapi.json declares', async () => {
      expect((await call('GET', '/certificates/limits')).status).toBe(200);
      const data = (await call('GET', '/certificates/enrollments/data')).json as CertificateEnrollmentData;
      expect(data.organizationIdentifier).toBe(SEAL_NIP);
      const csr = Buffer.from(await buildCsr(data, await generateKeyPair('rsa'))).toString('base64');
      const enrol = await call('POST', '/certificates/enrollments', { certificateName: 'Conformance 01', certificateType: 'Offline', csr });
      expect(enrol.status).toBe(202);
      const ref = (enrol.json as { referenceNumber: string }).referenceNumber;
      let serial: string | undefined;
      for (let i = 0; i < 100 && !serial; i++) {
        serial = ((await call('GET', `/certificates/enrollments/${ref}`)).json as { certificateSerialNumber?: string }).certificateSerialNumber ?? undefined;
        if (!serial) await new Promise((r) => setTimeout(r, 20));
      }
      expect(serial).toMatch(/^[0-9A-F]{16}$/);
      expect((await call('POST', '/certificates/retrieve', { certificateSerialNumbers: [serial] })).status).toBe(200);
      expect((await call('POST', '/certificates/query?pageSize=10', { type: 'Offline', status: 'Active' })).json).toMatchObject({ certificates: [{ certificateSerialNumber: serial }] });
      expect((await call('POST', `/certificates/${serial}/revoke`, { revocationReason: 'KeyCompromise' })).status).toBe(204);
      const again = await call('POST', `/certificates/${serial}/revoke`, { revocationReason: 'KeyCompromise' });
      expect(again).toMatchObject({ status: 400, json: { errors: [{ code: 25009 }] } });
    });

    it('refuses a CSR whose subject differs from the enrolment data (25003) and one with a broken signature (25004)', async () => {
      const data = (await call('GET', '/certificates/enrollments/data')).json as CertificateEnrollmentData;
      const wrong = Buffer.from(await buildCsr({ ...data, organizationIdentifier: '7762811692' }, await generateKeyPair('ec')));
      expect(await call('POST', '/certificates/enrollments', { certificateName: 'Wrong subject', certificateType: 'Authentication', csr: wrong.toString('base64') }))
        .toMatchObject({ status: 400, json: { errors: [{ code: 25003 }] } });
      const broken = Buffer.from(await buildCsr(data, await generateKeyPair('ec')));
      broken[broken.length - 5] ^= 0xff;
      expect(await call('POST', '/certificates/enrollments', { certificateName: 'Broken CSR', certificateType: 'Authentication', csr: broken.toString('base64') }))
        .toMatchObject({ status: 400, json: { errors: [{ code: 25004 }] } });
    });
  });
});
