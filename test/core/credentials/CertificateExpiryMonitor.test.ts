import { randomBytes } from 'node:crypto';
import { SqliteCredentialVault } from '../../../adapters/vault/SqliteCredentialVault.js';
import { encodeCertificateCredential } from '../../../core/credentials/CertificateCredentialRecord.js';
import { CertificateExpiryMonitor, type ExpiryAlert } from '../../../core/credentials/CertificateExpiryMonitor.js';
import { assessExpiry } from '../../../core/credentials/certificateExpiry.js';
import { credentialStatus } from '../../../core/credentials/credentialStatus.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';
import { testCredential } from './support/testCredentials.js';

const DAY = 86_400_000;

describe('certificate expiry', () => {
  it('grades a certificate by the days left: ok, warning at 30, critical at 7, expired', async () => {
    const { material } = await testCredential('ec', '5265877635', 90);
    const notAfter = assessExpiry(material.certificateDer, new Date()).notAfter;
    const at = (daysBefore: number): Date => new Date(Date.parse(notAfter) - daysBefore * DAY);
    expect(assessExpiry(material.certificateDer, at(45)).level).toBe('ok');
    expect(assessExpiry(material.certificateDer, at(29)).level).toBe('warning');
    expect(assessExpiry(material.certificateDer, at(6))).toMatchObject({ level: 'critical', daysLeft: 6 });
    expect(assessExpiry(material.certificateDer, at(-1)).level).toBe('expired');
  });

  it('alerts once per level well before the end, again when the level worsens, and names the renewal command', async () => {
    const vault = new SqliteCredentialVault(':memory:', randomBytes(32));
    const { material } = await testCredential('ec', '5265877635', 20);
    await vault.put({ contextNip: '5265877635', kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'ksef' }) });
    await vault.put({ contextNip: '7762811692', kind: 'token', secret: new SecretValue('20251010-EC-1-secret') });
    let now = new Date();
    const alerts: ExpiryAlert[] = [];
    const monitor = new CertificateExpiryMonitor(vault, { now: () => now, onAlert: (a) => { alerts.push(a); }, onError: (err) => { throw err; } });
    await monitor.checkNow();
    await monitor.checkNow();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ contextNip: '5265877635', level: 'warning' });
    expect(alerts[0].message).toContain('ksef-gateway credentials renew --nip 5265877635');
    now = new Date(now.getTime() + 15 * DAY);
    await monitor.checkNow();
    expect(alerts.map((a) => a.level)).toEqual(['warning', 'critical']);
    await vault.close();
  });

  it('alerts on a token whose expiry was stated, as on a certificate, and not on one already revoked', async () => {
    const vault = new SqliteCredentialVault(':memory:', randomBytes(32));
    let now = new Date('2026-12-03T12:00:00Z');
    await vault.put({ contextNip: '5265877635', kind: 'token', secret: new SecretValue('t1'), referenceNumber: '20261201-EC-1', expiresAt: '2026-12-31T23:59:59.999Z' });
    await vault.put({ contextNip: '7762811692', kind: 'token', secret: new SecretValue('t2'), expiresAt: '2026-12-10T23:59:59.999Z' });
    await vault.markStatus('7762811692', 'token', 'revoked', 'revoked in the console');
    const alerts: ExpiryAlert[] = [];
    const monitor = new CertificateExpiryMonitor(vault, { now: () => now, onAlert: (a) => { alerts.push(a); }, onError: (err) => { throw err; } });
    await monitor.checkNow();
    expect(alerts).toEqual([expect.objectContaining({ contextNip: '5265877635', kind: 'token', level: 'warning', daysLeft: 28, subject: '20261201-EC-1' })]);
    expect(alerts[0]!.message).toContain('token add --nip 5265877635');
    now = new Date('2026-12-30T12:00:00Z');
    await monitor.checkNow();
    expect(alerts.map((a) => `${a.level}:${a.daysLeft}`)).toEqual(['warning:28', 'critical:1']);
    const report = await credentialStatus(vault, { now });
    expect(report.find((r) => r.contextNip === '5265877635')!.tokenExpiry).toEqual({ notAfter: '2026-12-31T23:59:59.999Z', daysLeft: 1, level: 'critical' });
    await vault.close();
  });

  it('reports method, permissions and expiry without any secret', async () => {
    const vault = new SqliteCredentialVault(':memory:', randomBytes(32));
    const { material } = await testCredential('ec');
    await vault.put({ contextNip: '5265877635', kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'self-signed' }), permissions: ['InvoiceWrite'] });
    await vault.put({ contextNip: '5265877635', kind: 'token', secret: new SecretValue('20251010-EC-1DCE3E3000-12ECB5B36E-45|nip-5265877635|abcdef') });
    const report = await credentialStatus(vault, { chosen: new Map([['5265877635', 'certificate']]) });
    const cert = report.find((r) => r.kind === 'certificate')!;
    expect(cert).toMatchObject({ inUse: true, permissions: ['InvoiceWrite'], certificate: { origin: 'self-signed', expiry: { level: 'ok' } } });
    expect(report.find((r) => r.kind === 'token')!.inUse).toBe(false);
    const text = JSON.stringify(report);
    expect(text).not.toContain(Buffer.from(material.privateKeyPkcs8).toString('base64').slice(0, 40));
    expect(text).not.toContain('abcdef');
    await vault.close();
  });
});

describe('checkCredential (for doctor)', () => {
  it('passes a valid certificate, warns inside the alert window, fails an expired or missing one', async () => {
    const { checkCredential } = await import('../../../core/credentials/checkCredential.js');
    const vault = new SqliteCredentialVault(':memory:', randomBytes(32));
    expect(await checkCredential(vault, '5265877635', 'certificate')).toMatchObject({ result: 'fail', kind: 'config' });
    const { material } = await testCredential('ec', '5265877635', 60);
    await vault.put({ contextNip: '5265877635', kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'ksef' }) });
    expect((await checkCredential(vault, '5265877635', 'certificate')).result).toBe('ok');
    const notAfter = Date.parse(assessExpiry(material.certificateDer, new Date()).notAfter);
    expect(await checkCredential(vault, '5265877635', 'certificate', { now: new Date(notAfter - 3 * DAY) }))
      .toMatchObject({ result: 'warn', detail: expect.stringContaining('credentials renew --nip 5265877635') });
    expect((await checkCredential(vault, '5265877635', 'certificate', { now: new Date(notAfter + DAY) })).result).toBe('fail');
    await vault.close();
  });

  it('reports a scheduled check that fails instead of dropping it, and says when checks work again', async () => {
    const vault = new SqliteCredentialVault(':memory:', randomBytes(32));
    let broken = true;
    const failing = { ...vault, list: async () => { if (broken) throw new Error('vault unreadable'); return vault.list(); } } as unknown as SqliteCredentialVault;
    const errors: unknown[] = [];
    let checked = 0;
    const monitor = new CertificateExpiryMonitor(failing, { onAlert: () => undefined, intervalMs: 20, onError: (err) => { errors.push(err); }, onChecked: () => { checked += 1; } });
    try {
      monitor.start();
      for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect((errors[0] as Error)?.message).toBe('vault unreadable');
      expect(checked).toBe(0);
      broken = false;
      for (let i = 0; i < 100 && checked === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(checked).toBeGreaterThan(0);
    } finally {
      monitor.stop();
      await vault.close();
    }
  });
});
