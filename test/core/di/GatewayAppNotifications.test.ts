import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { startSmtpSink } from '../../support/smtpSink.js';

const silent = new Writable({ write(_c, _e, cb) { cb(); } });

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GatewayApp notifications by e-mail', () => {
  it('mails the accountant when KSeF refuses the token, naming the context and what to do, and again when sending resumes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-notify-app-'));
    const smtp = await startSmtpSink({ user: 'alerts', password: 'smtp-pass-2', noStartTls: true });
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_MASTER_KEY: '', SMTP_PASS: 'smtp-pass-2' };
    writeFileSync(join(dir, 'ksef-gateway.yaml'), JSON.stringify({
      ksef: { simulator: { enabled: true, rateLimits: 'off' } },
      admin: { enabled: false },
      scheduler: { batchMaxWaitMs: 200 },
      plugins: [{ use: 'folder-inbox', id: 'inbox', options: { stableForMs: 0 }, pollIntervalMs: 100 }],
      notifications: {
        email: { host: '127.0.0.1', port: smtp.port, requireTls: false, user: 'alerts', password: '${SMTP_PASS}', from: 'gw@example.com', to: ['ops@example.com'] },
        checkSeconds: 1, minIntervalMinutes: 0, plugins: false,
      },
    }));
    const app = await GatewayApp.create({ loaded: loadConfig({ cwd: dir, env }), env, logDestination: silent });
    try {
      await app.start();
      const sim = app.simulator!;
      sim.revokeToken((await app.vault.info(DEMO_NIP, 'token'))!.referenceNumber!);
      writeFileSync(join(dir, 'plugins', 'inbox', 'inbox', 'FV-1.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/N/${Date.now()}` }));
      await until(() => smtp.mails.some((m) => m.raw.includes(`Sending for context ${DEMO_NIP} is paused`)), 'the alert mail');
      const alert = smtp.mails.find((m) => m.raw.includes('is paused'))!;
      expect(alert.raw).toContain(`ksef-gateway token add --nip ${DEMO_NIP}`);
      expect(alert.to).toEqual(['ops@example.com']);

      const fresh = sim.createToken({ nip: DEMO_NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] });
      await app.vault.put({ contextNip: DEMO_NIP, kind: 'token', secret: new SecretValue(fresh.token) });
      await until(() => smtp.mails.some((m) => /^RESOLVED .*\r?\n {2}Resolved: Sending for context/m.test(m.raw)), 'the resolved mail');
      for (const m of smtp.mails) expect(m.raw).not.toContain(fresh.token);
    } finally {
      await app.stop();
      await smtp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
