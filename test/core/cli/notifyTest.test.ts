import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/runCli.js';
import { startSmtpSink } from '../../support/smtpSink.js';
import { startReceiver, verifyStandardWebhook } from '../../plugins/rest/webhookReceiver.js';

describe('ksef-gateway notify test', () => {
  it('sends a test message to the mail server and the webhook of the config, and exits 3 when a channel fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-notify-cli-'));
    // A relay on loopback without TLS: the operator says so with requireTls: false.
    const smtp = await startSmtpSink({ user: 'alerts', password: 'smtp-pass-9', noStartTls: true });
    const hook = await startReceiver();
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml'), SMTP_PASS: 'smtp-pass-9', ALERT_SECRET: secret };
    try {
      writeFileSync(join(dir, 'gw.yaml'), [
        'contexts: [{ nip: "5265877635" }]',
        'notifications:',
        `  email: { host: 127.0.0.1, port: ${smtp.port}, requireTls: false, user: alerts, password: "\${SMTP_PASS}", from: gw@example.com, to: [ops@example.com] }`,
        `  webhook: { url: "${hook.url}", secret: "\${ALERT_SECRET}" }`,
      ].join('\n'));
      const ok = await runCli(['notify', 'test'], env);
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/email\s+sent/);
      expect(ok.out).toMatch(/webhook\s+sent/);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0].raw).toContain('Test message from ksef-gateway');
      expect(verifyStandardWebhook(secret, hook.received[0].headers, hook.received[0].body)).toBe(true);
      expect(`${ok.out}${ok.err}`).not.toContain('smtp-pass-9');

      smtp.state.refuse = true;
      const failed = await runCli(['notify', 'test'], env);
      expect(failed.code).toBe(3);
      expect(failed.out).toMatch(/email\s+FAILED: .*451/);
    } finally {
      await smtp.close();
      await hook.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses with exit 2 when no channel is configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-notify-cli-'));
    try {
      writeFileSync(join(dir, 'gw.yaml'), 'notifications: { plugins: false }\n');
      const r = await runCli(['notify', 'test'], { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml') });
      expect(r.code).toBe(2);
      expect(r.err).toContain('No alert channel is configured');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
