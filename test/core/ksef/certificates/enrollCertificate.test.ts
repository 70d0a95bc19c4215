import { X509Certificate } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '../../../../adapters/ksef-simulator/startSimulator.js';
import { importSigningCredential } from '../../../../core/credentials/importSigningCredential.js';
import { KsefClient } from '../../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../../core/ksef/auth/KsefTokenAuth.js';
import { XadesAuth } from '../../../../core/ksef/auth/xades/XadesAuth.js';
import { XadesSigner } from '../../../../core/ksef/auth/xades/XadesSigner.js';
import { enrollCertificate } from '../../../../core/ksef/certificates/enrollCertificate.js';
import { SEAL_NIP, testCredential } from '../../credentials/support/testCredentials.js';

const clientFor = (sim: RunningSimulator, auth: KsefTokenAuth | XadesAuth): KsefClient =>
  new KsefClient({ baseUrl: sim.baseUrl, contextNip: SEAL_NIP, auth, rateLimits: 'off', authPollIntervalMs: 50 });

describe('KSeF certificate enrolment against the simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => { sim = await startSimulator({ processingDelayMs: 20 }); });
  afterAll(async () => { await sim.close(); });

  it('enrols an Authentication certificate after XAdES auth, then authenticates with it (round trip)', async () => {
    const { credential } = await testCredential('ec');
    const seal = clientFor(sim, new XadesAuth(new XadesSigner(credential)));
    const enrolled = await enrollCertificate(seal.certificates, { certificateName: 'Gateway auth 01', certificateType: 'Authentication', pollIntervalMs: 30 });
    await seal.close();
    const cert = new X509Certificate(enrolled.certificateDer);
    expect(cert.issuer).toContain('KSeF Simulator CA');
    expect(cert.subject).toContain(`organizationIdentifier=${SEAL_NIP}`);
    expect(enrolled.serialNumber).toMatch(/^[0-9A-F]{16}$/);

    const issued = await importSigningCredential(enrolled);
    const internal = clientFor(sim, new XadesAuth(new XadesSigner(issued)));
    const listed = await internal.certificates.query({ status: 'Active' });
    expect(listed.certificates.map((c) => c.certificateSerialNumber)).toContain(enrolled.serialNumber);
    await internal.certificates.revoke(enrolled.serialNumber, 'Superseded');
    await internal.close();
    const afterRevoke = clientFor(sim, new XadesAuth(new XadesSigner(issued)));
    await expect(afterRevoke.authenticate()).rejects.toThrow(/460|certyfikat|certificate/i);
    await afterRevoke.close();
  });

  it('refuses enrolment data to a token-authenticated session (25001)', async () => {
    const { token } = sim.createToken({ nip: SEAL_NIP, permissions: ['InvoiceWrite', 'CredentialsManage'] });
    const client = clientFor(sim, new KsefTokenAuth(token));
    await expect(client.certificates.enrollmentData()).rejects.toMatchObject({ exceptionCodes: [expect.objectContaining({ code: 25001 })] });
    await client.close();
  });
});
