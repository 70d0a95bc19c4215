import { jest } from '@jest/globals';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../../adapters/ksef-simulator/startSimulator.js';
import { buildProgram } from '../../../../core/cli/program.js';
import { testCredential, toPem } from '../../credentials/support/testCredentials.js';

const NIP = '9999999999';
let sim: RunningSimulator;
let dir: string;
const saved = { ...process.env };

async function cli(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { out += String(c); return true; });
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => { err += String(c); return true; });
  process.exitCode = 0;
  try {
    await (await buildProgram()).exitOverride().parseAsync(['node', 'ksef-gateway', 'credentials', ...args]);
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

beforeAll(async () => {
  sim = await startSimulator({ processingDelayMs: 20 });
  dir = mkdtempSync(join(tmpdir(), 'cred-cli-'));
  writeFileSync(join(dir, 'gateway.yaml'), [
    `dataDir: ${join(dir, 'data')}`, 'ksef:', `  baseUrl: ${sim.baseUrl}`, 'contexts:', `  - nip: "${NIP}"`, '    credential: { kind: certificate }', '',
  ].join('\n'));
  process.env.KSEF_GATEWAY_CONFIG = join(dir, 'gateway.yaml');
  process.env.KSEF_GATEWAY_MASTER_KEY = randomBytes(32).toString('base64');
});

afterAll(async () => {
  process.env = saved;
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ksef-gateway credentials', () => {
  it('stores a self-signed seal, enrols a KSeF certificate with it, renews it, and lists the superseded one as revoked', async () => {
    expect((await cli('self-signed', '--nip', NIP)).code).toBe(0);
    const first = await cli('status', '--json');
    expect(first.code).toBe(0);
    const [entry] = JSON.parse(first.out) as { kind: string; inUse: boolean; certificate: { origin: string } }[];
    expect(entry).toMatchObject({ kind: 'certificate', inUse: true, certificate: { origin: 'self-signed' } });

    const enrolled = await cli('enroll', '--nip', NIP, '--name', 'Gateway CLI 01');
    expect(enrolled.err).toBe('');
    const serial = /certificate ([0-9A-F]{16}) stored/.exec(enrolled.out)![1];
    const renewed = await cli('renew', '--nip', NIP);
    expect(renewed.out).toContain(`${serial} revoked as superseded`);
    const listed = await cli('list', '--nip', NIP, '--status', 'Revoked');
    expect(listed.out).toContain(serial);

    const text = await cli('status');
    expect(text.out).toContain('KSeF Simulator CA');
    expect(text.out).toMatch(/\d+ days left/);
    expect(text.out).not.toMatch(/PRIVATE|privateKey/);
  });

  it('imports a PEM certificate and key, and refuses a key that belongs to another certificate with exit code 2', async () => {
    const a = await testCredential('ec', NIP);
    const b = await testCredential('ec', NIP);
    writeFileSync(join(dir, 'a.pem'), toPem(a.material.certificateDer, 'CERTIFICATE'));
    writeFileSync(join(dir, 'a.key'), toPem(a.material.privateKeyPkcs8, 'PRIVATE KEY'));
    writeFileSync(join(dir, 'b.key'), toPem(b.material.privateKeyPkcs8, 'PRIVATE KEY'));
    expect((await cli('import', '--nip', NIP, '--cert', join(dir, 'a.pem'), '--key', join(dir, 'a.key'))).code).toBe(0);
    const status = JSON.parse((await cli('status', '--json')).out) as { certificate: { serialNumber: string } }[];
    expect(status[0].certificate.serialNumber).toBe(new X509Certificate(a.material.certificateDer).serialNumber);
    const bad = await cli('import', '--nip', NIP, '--cert', join(dir, 'a.pem'), '--key', join(dir, 'b.key'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('GW_CREDENTIALS_KEY_INVALID');
  });
});
