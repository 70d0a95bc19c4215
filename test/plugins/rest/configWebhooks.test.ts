import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { checkPlugin } from '../../../core/plugins/checkPlugin.js';
import restPlugin from '../../../plugins/rest/index.js';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { restOptionsSchema } from '../../../plugins/rest/RestOptions.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { eventually, NIP_A, NIP_B, startRest, type RestHarness } from './restHarness.js';
import { startReceiver, verifyStandardWebhook } from './webhookReceiver.js';

const uniq = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const invalidInvoice = (nip: string) => {
  const bad = readFa3(invoiceXml({ sellerNip: nip, number: `FV/CFG/${uniq()}` })) as unknown as { Fa: { P_15: string } };
  bad.Fa.P_15 = '0.01';
  return bad;
};

describe('REST API: webhook subscriptions kept in the config file', () => {
  let h: RestHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = newSecret();
  const previous = newSecret();

  beforeAll(async () => {
    receiver = await startReceiver();
    process.env.KSEF_GATEWAY_TEST_HOOK_SECRET = secret;
    process.env.KSEF_GATEWAY_TEST_HOOK_OLD_SECRET = previous;
    h = await startRest({ webhooks: { subscriptions: [{
      id: 'erp', url: receiver.url, events: ['invoice.invalid'], contexts: [NIP_A],
      secret: '${KSEF_GATEWAY_TEST_HOOK_SECRET}', previousSecret: '${KSEF_GATEWAY_TEST_HOOK_OLD_SECRET}',
    }] } });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await receiver?.close();
    delete process.env.KSEF_GATEWAY_TEST_HOOK_SECRET;
    delete process.env.KSEF_GATEWAY_TEST_HOOK_OLD_SECRET;
  });

  it("delivers its contexts' events signed with the secret from the environment (and the previous one), and no other context's", async () => {
    const keyB = await h.key([NIP_B]);
    expect((await h.call('/v1/invoices', { method: 'POST', key: keyB, json: { erpId: `CB-${uniq()}`, invoice: invalidInvoice(NIP_B) } })).status).toBe(422);
    const keyA = await h.key([NIP_A]);
    const res = await h.call('/v1/invoices', { method: 'POST', key: keyA, json: { erpId: `CA-${uniq()}`, invoice: invalidInvoice(NIP_A) } });
    expect(res.status).toBe(422);
    const { id } = await res.json() as { id: string };
    const got = await eventually(async () => receiver.received[0]);
    expect(JSON.parse(got.body)).toMatchObject({ type: 'invoice.invalid', data: { id, context: NIP_A, state: 'invalid' } });
    expect(got.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyStandardWebhook(secret, got.headers, got.body)).toBe(true);
    expect(verifyStandardWebhook(previous, got.headers, got.body)).toBe(true);
    expect(verifyStandardWebhook(newSecret(), got.headers, got.body)).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { data: { context: string } }).data.context)).toEqual([NIP_A]);
    expect(h.logs()).not.toContain(secret.slice(6));
    expect(h.logs()).not.toContain(previous.slice(6));
  });

  it('is listed, read-only and without its secret, to keys covering its contexts, and invisible to others', async () => {
    const keyA = await h.key([NIP_A]);
    const listed = await (await h.call('/v1/webhooks', { key: keyA })).json() as { items: Record<string, unknown>[] };
    expect(listed.items).toEqual([{ id: 'wh_cfg_erp', source: 'config', url: receiver.url, events: ['invoice.invalid'], contexts: [NIP_A] }]);
    expect((await h.call('/v1/webhooks/wh_cfg_erp/deliveries', { key: keyA })).status).toBe(200);
    const del = await h.call('/v1/webhooks/wh_cfg_erp', { method: 'DELETE', key: keyA });
    expect(del.status).toBe(409);
    expect(await del.json()).toMatchObject({ code: 'GW_REST_WEBHOOK_IN_CONFIG' });
    expect((await h.call('/v1/webhooks/wh_cfg_erp/rotate-secret', { method: 'POST', key: keyA })).status).toBe(409);

    const keyB = await h.key([NIP_B]);
    expect(await (await h.call('/v1/webhooks', { key: keyB })).json()).toEqual({ items: [] });
    expect((await h.call('/v1/webhooks/wh_cfg_erp/deliveries', { key: keyB })).status).toBe(404);
    expect((await h.call('/v1/webhooks/wh_cfg_erp', { method: 'DELETE', key: keyB })).status).toBe(404);
  });
});

describe('REST API: config webhook subscriptions are checked at start', () => {
  const sub = (more: Record<string, unknown> = {}) => ({ id: 'erp', url: 'https://erp.example.com/hook', events: ['invoice.accepted'], contexts: [NIP_A], secret: newSecret(), ...more });
  const issues = (subscriptions: unknown[]) => {
    const parsed = restOptionsSchema.safeParse({ webhooks: { subscriptions } });
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('refuses a secret that is not whsec_ with 24-64 bytes, without repeating it, and ids used twice', () => {
    const short = `whsec_${Buffer.from('too short').toString('base64')}`;
    const found = issues([sub({ secret: short }), sub({ id: 'erp', previousSecret: 'plain-password' })]);
    expect(found).toEqual([
      expect.stringMatching(/^webhooks\.subscriptions\.0\.secret: must hold 24-64 random bytes after whsec_ \(it holds 9\)/),
      expect.stringMatching(/^webhooks\.subscriptions\.1\.previousSecret: must be whsec_ followed by base64/),
      'webhooks.subscriptions.1.id: subscription id erp is used twice',
    ]);
    expect(found.join('\n')).not.toContain(short);
    expect(found.join('\n')).not.toContain('plain-password');
    expect(issues([sub({ url: 'ftp://erp.example.com/x', events: ['invoice.sent'], contexts: ['12'] })])).toHaveLength(3);
    expect(issues([sub()])).toEqual([]);
  });

  it('refuses a secret written literally in the config file, without repeating it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-rest-cfg-'));
    const literal = newSecret();
    writeFileSync(join(dir, 'gw.yaml'), `plugins: [{ use: rest, id: api, options: ${JSON.stringify({ webhooks: { subscriptions: [sub({ secret: literal })] } })} }]`);
    const { config, envRefPaths } = loadConfig({ file: join(dir, 'gw.yaml'), env: {} });
    const checked = checkPlugin(restPlugin, config.plugins[0], 0, envRefPaths);
    expect(checked.ok ? [] : checked.issues).toEqual([expect.stringMatching(/options\.webhooks\.subscriptions\[0\]\.secret: a secret must be an environment reference/)]);
    expect(JSON.stringify(checked)).not.toContain(literal.slice(6));
  });
});
