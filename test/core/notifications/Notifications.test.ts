import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SqliteEventOutbox } from '../../../adapters/sqlite-store/SqliteEventOutbox.js';
import { SqlitePluginRecords } from '../../../adapters/sqlite-store/SqlitePluginRecords.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { SqliteCredentialVault } from '../../../adapters/vault/SqliteCredentialVault.js';
import { notificationsSchema, type NotificationsConfig } from '../../../core/config/notificationsConfig.js';
import { createLogger } from '../../../core/logging/createLogger.js';
import { EmailChannel } from '../../../core/notifications/channels/EmailChannel.js';
import { WebhookChannel } from '../../../core/notifications/channels/WebhookChannel.js';
import { alertChannels, createNotifications } from '../../../core/notifications/createNotifications.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';
import { startSmtpSink } from '../../support/smtpSink.js';
import { testTlsCa } from '../../support/testTlsCa.js';
import { writeFileSync } from 'node:fs';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { startReceiver, verifyStandardWebhook } from '../../plugins/rest/webhookReceiver.js';

const NIP = '5265877635';
const TOKEN = `20261203-EC-0000000000-0000000000-AA|nip-${NIP}|${randomBytes(16).toString('hex')}`;
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const silent = createLogger({ destination: new Writable({ write(_c, _e, cb) { cb(); } }) });

describe('Notifications over e-mail (a real SMTP server on loopback) and a signed webhook', () => {
  let dir: string;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  const opened: { close(): Promise<void> }[] = [];
  let clock = Date.parse('2026-12-03T10:00:00Z');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-notify-'));
    smtp = await startSmtpSink({ user: 'alerts', password: 'mail-pass-1' });
    hook = await startReceiver();
    clock = Date.parse('2026-12-03T10:00:00Z');
  });
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await o.close();
    await smtp.close();
    await hook.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A gateway's notification side over the store files in `dir` (a second call is a restart). */
  function gateway(overrides: Partial<NotificationsConfig> = {}) {
    const config = notificationsSchema.parse({
      email: { host: '127.0.0.1', port: smtp.port, user: 'alerts', password: 'mail-pass-1', from: 'gw@example.com', to: ['ops@example.com'] },
      webhook: { url: hook.url, secret: SECRET },
      ...overrides,
    });
    const store = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
    const vault = new SqliteCredentialVault(join(dir, 'vault.sqlite'), Buffer.alloc(32, 7));
    const events = new SqliteEventOutbox(join(dir, 'gateway.sqlite'));
    const records = new SqlitePluginRecords(join(dir, 'gateway.sqlite'));
    opened.push(store, vault, events, records);
    // The library's own STARTTLS certificate is self-signed: trusted here, and TLS is still required.
    const channels = [
      ...(config.email ? [new EmailChannel(config.email, { rejectUnauthorized: false })] : []),
      ...(config.webhook ? [new WebhookChannel(config.webhook)] : []),
    ];
    const notifications = createNotifications({ config, store, vault, events, wakeEvents: () => undefined, records, gateway: 'gw-test',
      logger: silent, now: () => clock }, channels);
    opened.push({ close: () => notifications.stop() });
    return { store, vault, events, notifications };
  }

  it('tells of a revoked token and the paused context in one message, once per episode, and once more when resolved', async () => {
    const gw = gateway();
    await gw.vault.put({ contextNip: NIP, kind: 'token', secret: new SecretValue(TOKEN) });
    await gw.vault.markStatus(NIP, 'token', 'revoked', 'token revoked in KSeF');
    await gw.store.setContextPaused(NIP, 'KSeF refused the credential of context 5265877635', clock);
    await gw.notifications.runOnce();

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail).toMatchObject({ from: 'gw@example.com', to: ['ops@example.com'], user: 'alerts', secure: true });
    expect(mail.raw).toMatch(/Subject: \[ksef-gateway gw-test\] 2 alerts \(context 5265877635\)/);
    expect(mail.raw).toContain('KSeF refused the token of context 5265877635 (revoked: token revoked in KSeF)');
    expect(mail.raw).toContain('ksef-gateway token add --nip 5265877635');
    expect(hook.received).toHaveLength(1);
    expect(verifyStandardWebhook(SECRET, hook.received[0].headers, hook.received[0].body)).toBe(true);
    const body = JSON.parse(hook.received[0].body) as { type: string; data: { items: { kind: string; rule: string; contextNip: string }[] } };
    expect(body.type).toBe('gateway.alerts');
    expect(body.data.items.map((i) => `${i.kind}:${i.rule}:${i.contextNip}`).sort())
      .toEqual(['raised:context-paused:5265877635', 'raised:credential-refused:5265877635']);
    // Notifier plugins and adapters' onEvent hear the same alerts through the events outbox.
    expect((await gw.events.recent(10)).map((e) => e.event.type)).toEqual(['alert-raised', 'alert-raised']);

    clock += 10 * 60_000;
    await gw.notifications.runOnce();
    const again = gateway();
    await again.notifications.runOnce();
    expect(smtp.mails).toHaveLength(1);
    expect(hook.received).toHaveLength(1);

    await again.vault.put({ contextNip: NIP, kind: 'token', secret: new SecretValue(`${TOKEN}-new`) });
    await again.store.setContextPaused(NIP, null, clock);
    await again.notifications.runOnce();
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1].raw).toMatch(/Subject: \[ksef-gateway gw-test\] 2 resolved \(context 5265877635\)/);
    expect(smtp.mails[1].raw.match(/^RESOLVED /gm)).toHaveLength(2);
    expect(hook.received).toHaveLength(2);
    expect(verifyStandardWebhook(SECRET, hook.received[1].headers, hook.received[1].body)).toBe(true);
    for (const text of [...smtp.mails.map((m) => m.raw), ...hook.received.map((r) => r.body)]) {
      expect(text).not.toContain(TOKEN.split('|')[2]);
      expect(text).not.toContain('mail-pass-1');
      expect(text).not.toContain(SECRET.slice(6));
    }
  });

  it('keeps an alert in the store while the mail server refuses it, and sends it after a restart', async () => {
    const gw = gateway({ webhook: undefined });
    smtp.state.refuse = true;
    await gw.store.setContextPaused(NIP, 'No usable credential for context 5265877635', clock);
    await gw.notifications.runOnce();
    expect(smtp.mails).toHaveLength(0);
    expect(await gw.notifications.outbox.waiting()).toEqual({ email: 1 });
    await gw.notifications.stop();

    smtp.state.refuse = false;
    clock += 60_000;
    const restarted = gateway({ webhook: undefined });
    await restarted.notifications.runOnce();
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].raw).toContain('Sending for context 5265877635 is paused');
    expect(await restarted.notifications.outbox.waiting()).toEqual({ email: 0 });
  });

  it('holds what is not urgent for the daily digest, and still sends a paused context at once', async () => {
    clock = new Date(2026, 11, 3, 10, 0).getTime();
    const gw = gateway({ webhook: undefined, email: { ...notificationsSchema.parse({ email: {
      host: '127.0.0.1', port: smtp.port, user: 'alerts', password: 'mail-pass-1', from: 'gw@example.com', to: ['ops@example.com'] } }).email!, digest: true },
    digestHour: 8 });
    await gw.store.admit({ id: 'doc-1', source: 'erp', erpId: 'FV-WAIT', urgent: false, now: clock - 61 * 60_000, onKeyHeld: () => [],
      verdict: { queued: { now: clock - 61 * 60_000, contextNip: NIP, xml: Buffer.from('<x/>'), invoiceHash: 'h', invoiceSize: 4,
        key: { sellerNip: NIP, invoiceKind: 'VAT', invoiceNumber: 'FV/WAIT' } } } });
    await gw.notifications.runOnce();
    expect(smtp.mails).toHaveLength(0);
    expect(await gw.notifications.outbox.waiting()).toEqual({ email: 1 });

    clock += 30 * 60_000;
    await gw.store.setContextPaused(NIP, 'KSeF refused the credential of context 5265877635', clock);
    await gw.notifications.runOnce();
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].raw).toContain('is paused');
    expect(smtp.mails[0].raw).not.toContain('wait to be sent');

    clock = new Date(2026, 11, 4, 8, 0).getTime();
    await gw.notifications.runOnce();
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1].raw).toContain('1 document(s) of context 5265877635 wait to be sent');
  });

  it('notify test: sends a test message to every channel and says what each answered', async () => {
    const gw = gateway();
    const results = await gw.notifications.sendTest();
    expect(results).toEqual([{ channel: 'email', ok: true }, { channel: 'webhook', ok: true }, { channel: 'plugins', ok: true }]);
    expect(smtp.mails[0].raw).toContain('Test message from ksef-gateway gw-test');
    expect(verifyStandardWebhook(SECRET, hook.received[0].headers, hook.received[0].body)).toBe(true);
    expect((await gw.events.recent(1))[0].event).toMatchObject({ type: 'alert-raised', rule: 'test' });
  });

  it('refuses to send over SMTP without STARTTLS when TLS is required', async () => {
    const plain = await startSmtpSink({ user: 'alerts', password: 'mail-pass-1', noStartTls: true });
    try {
      const config = notificationsSchema.parse({ email: { host: '127.0.0.1', port: plain.port, user: 'alerts', password: 'mail-pass-1',
        from: 'gw@example.com', to: ['ops@example.com'] } });
      const channel = new EmailChannel(config.email!, { rejectUnauthorized: false });
      opened.push(channel);
      const gw = gateway();
      const results = await createNotifications({ config: { ...config, plugins: false }, store: gw.store, vault: gw.vault, events: gw.events,
        wakeEvents: () => undefined, records: new SqlitePluginRecords(join(dir, 'gateway.sqlite')), gateway: 'gw-test', logger: silent }, [channel]).sendTest();
      expect(results).toEqual([{ channel: 'email', ok: false, error: expect.stringMatching(/STARTTLS/i) }]);
      expect(plain.mails).toHaveLength(0);
    } finally {
      await plain.close();
    }
  });
});

describe('e-mail to a server whose certificate a private CA signed (notifications.email.caFile)', () => {
  it('sends over STARTTLS when the CA file is given, and refuses the same server without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-notify-ca-'));
    const { caPem, key, cert } = await testTlsCa();
    const smtp = await startSmtpSink({ user: 'alerts', password: 'mail-pass-1', tls: { key, cert } });
    const caFile = join(dir, 'company-ca.pem');
    writeFileSync(caFile, caPem);
    const email = { host: '127.0.0.1', port: smtp.port, user: 'alerts', password: 'mail-pass-1', from: 'gw@example.com', to: ['ops@example.com'] };
    const records = new SqlitePluginRecords(join(dir, 'gateway.sqlite'));
    const store = new SqliteSubmissionStore(join(dir, 'gateway.sqlite'));
    const vault = new SqliteCredentialVault(join(dir, 'vault.sqlite'), Buffer.alloc(32, 7));
    const events = new SqliteEventOutbox(join(dir, 'gateway.sqlite'));
    const sendTest = async (config: NotificationsConfig) => {
      const channels = alertChannels(config);
      try {
        return await createNotifications({ config: { ...config, plugins: false }, store, vault, events, wakeEvents: () => undefined, records,
          gateway: 'gw-test', logger: silent }, channels).sendTest();
      } finally {
        for (const c of channels) await c.close?.();
      }
    };
    try {
      expect(await sendTest(notificationsSchema.parse({ email: { ...email, caFile } }))).toEqual([{ channel: 'email', ok: true }]);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]).toMatchObject({ secure: true, user: 'alerts' });
      // The system's CAs do not know the company's CA: the certificate is refused and nothing is sent.
      expect(await sendTest(notificationsSchema.parse({ email }))).toEqual([{ channel: 'email', ok: false, error: expect.stringMatching(/certificate/i) }]);
      expect(smtp.mails).toHaveLength(1);
      // Another CA's file does not make it trusted either.
      const other = join(dir, 'other-ca.pem');
      writeFileSync(other, (await testTlsCa()).caPem);
      expect((await sendTest(notificationsSchema.parse({ email: { ...email, caFile: other } })))[0]).toMatchObject({ ok: false });
      expect(smtp.mails).toHaveLength(1);
      const missing = (() => { try { return alertChannels(notificationsSchema.parse({ email: { ...email, caFile: join(dir, 'nope.pem') } })); } catch (e) { return e; } })();
      expect(GatewayError.is(missing, 'GW_NOTIFY_CA_FILE') && missing.message).toMatch(/notifications\.email\.caFile: .*nope\.pem cannot be read \(ENOENT\)/);
    } finally {
      await smtp.close();
      for (const o of [records, store, vault, events]) await o.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
