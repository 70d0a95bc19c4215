import { Webhook } from 'standardwebhooks';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { eventually, NIP_A, NIP_B, startRest, type RestHarness } from './restHarness.js';
import { startReceiver, verifyStandardWebhook } from './webhookReceiver.js';

const uniq = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const invoice = (nip = NIP_A) => readFa3(invoiceXml({ sellerNip: nip, number: `FV/W/${uniq()}` }));

describe('Standard Webhooks signatures', () => {
  it("sign as the specification's published test vector says", () => {
    // standard-webhooks specification, "Test vectors"
    const sig = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330_000), '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(verifyStandardWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330', 'webhook-signature': sig }, '{"test": 2432232314}', 1614265330)).toBe(true);
  });
});

describe('REST API: webhooks', () => {
  let h: RestHarness;
  let key: string;
  beforeAll(async () => {
    h = await startRest({ webhooks: { retryHours: 0.001 } });
    key = await h.key([NIP_A]);
  });
  afterAll(async () => { await h.stop(); });

  const subscribe = async (url: string, events: string[], k = key) => {
    const res = await h.call('/v1/webhooks', { method: 'POST', key: k, json: { url, events } });
    expect(res.status).toBe(201);
    return await res.json() as { id: string; secret: string };
  };

  it('announces invoice.accepted, signed, retried until a failing receiver recovers, with the secret shown once', async () => {
    const receiver = await startReceiver((n) => (n < 2 ? 500 : 204));
    try {
      const sub = await subscribe(receiver.url, ['invoice.accepted', 'invoice.rejected']);
      expect(sub.secret).toMatch(/^whsec_/);
      const listed = await (await h.call('/v1/webhooks', { key })).text();
      expect(listed).toContain(sub.id);
      expect(listed).not.toContain(sub.secret.slice(6));
      const res = await h.call('/v1/invoices', { method: 'POST', key, json: { erpId: `W-${uniq()}`, invoice: invoice() } });
      const { id } = await res.json() as { id: string };
      await eventually(async () => (receiver.received.length >= 3 ? true : undefined));
      const [first, , third] = receiver.received;
      expect(first.headers['webhook-id']).toBe(third.headers['webhook-id']);
      for (const r of receiver.received) {
        expect(verifyStandardWebhook(sub.secret, r.headers, r.body)).toBe(true);
        expect(new Webhook(sub.secret).verify(r.body, r.headers)).toMatchObject({ type: 'invoice.accepted' });
      }
      const payload = JSON.parse(third.body) as { type: string; data: { id: string; ksefNumber: string; state: string } };
      expect(payload).toMatchObject({ type: 'invoice.accepted', data: { id, state: expect.stringMatching(/accepted|delivered/) } });
      expect(payload.data.ksefNumber).toMatch(new RegExp(`^${NIP_A}-`));
      const deliveries = await eventually(async () => {
        const d = await (await h.call(`/v1/webhooks/${sub.id}/deliveries`, { key })).json() as { items: { state: string; attempts: number }[] };
        return d.items[0]?.state === 'delivered' ? d : undefined;
      });
      expect(deliveries.items[0].attempts).toBe(3);
      expect(h.logs()).not.toContain(sub.secret.slice(6));
    } finally {
      await receiver.close();
    }
  });

  it('announces invoice.invalid at once, and only to subscriptions of keys that cover the context', async () => {
    const mine = await startReceiver();
    const theirs = await startReceiver();
    try {
      await subscribe(mine.url, ['invoice.invalid']);
      await subscribe(theirs.url, ['invoice.invalid'], await h.key([NIP_B]));
      const bad = invoice() as unknown as { Fa: { P_15: string } };
      bad.Fa.P_15 = '0.01';
      expect((await h.call('/v1/invoices', { method: 'POST', key, json: { erpId: `WI-${uniq()}`, invoice: bad } })).status).toBe(422);
      await eventually(async () => (mine.received.length > 0 ? true : undefined));
      expect(JSON.parse(mine.received[0].body)).toMatchObject({ type: 'invoice.invalid', data: { state: 'invalid', errors: expect.any(Array) } });
      await new Promise((r) => setTimeout(r, 300));
      expect(theirs.received).toHaveLength(0);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });

  it('sends nothing more to a subscription whose API key was revoked', async () => {
    const receiver = await startReceiver();
    try {
      const created = await h.rest.keys.create({ name: 'leaving', contexts: [NIP_A], scope: 'write' });
      await subscribe(receiver.url, ['invoice.invalid'], created.key);
      await h.rest.keys.revoke(created.info.id);
      const bad = invoice() as unknown as { Fa: { P_15: string } };
      bad.Fa.P_15 = '0.04';
      expect((await h.call('/v1/invoices', { method: 'POST', key, json: { erpId: `WK-${uniq()}`, invoice: bad } })).status).toBe(422);
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('marks a message failed after the retry window, lists it, and redelivers it on request', async () => {
    let healthy = false;
    const receiver = await startReceiver(() => (healthy ? 204 : 503));
    try {
      const sub = await subscribe(receiver.url, ['invoice.invalid']);
      const bad = invoice() as unknown as { Fa: { P_15: string } };
      bad.Fa.P_15 = '0.02';
      await h.call('/v1/invoices', { method: 'POST', key, json: { erpId: `WF-${uniq()}`, invoice: bad } });
      const failed = await eventually(async () => {
        const d = await (await h.call(`/v1/webhooks/${sub.id}/deliveries?state=failed`, { key })).json() as { items: { webhookId: string; lastStatus: number }[] };
        return d.items.length > 0 ? d.items : undefined;
      });
      expect(failed[0].lastStatus).toBe(503);
      const health = await h.app.plugins.check();
      expect(health.api.status).toBe('degraded');
      healthy = true;
      const before = receiver.received.length;
      const res = await h.call(`/v1/webhooks/${sub.id}/redeliver`, { method: 'POST', key, json: {} });
      expect(await res.json()).toEqual({ redelivering: 1 });
      await eventually(async () => (receiver.received.slice(before).some((r) => r.status === 204) ? true : undefined));
      expect(receiver.received.at(-1)!.headers['webhook-id']).toBe(failed[0].webhookId);
    } finally {
      await receiver.close();
    }
  });

  it('signs with the new and the old secret during the overlap after a rotation', async () => {
    const receiver = await startReceiver();
    try {
      const sub = await subscribe(receiver.url, ['invoice.invalid']);
      const rotated = await (await h.call(`/v1/webhooks/${sub.id}/rotate-secret`, { method: 'POST', key })).json() as { secret: string };
      expect(rotated.secret).not.toBe(sub.secret);
      const bad = invoice() as unknown as { Fa: { P_15: string } };
      bad.Fa.P_15 = '0.03';
      await h.call('/v1/invoices', { method: 'POST', key, json: { erpId: `WR-${uniq()}`, invoice: bad } });
      const got = await eventually(async () => receiver.received[0]);
      expect(got.headers['webhook-signature'].split(' ')).toHaveLength(2);
      expect(verifyStandardWebhook(rotated.secret, got.headers, got.body)).toBe(true);
      expect(verifyStandardWebhook(sub.secret, got.headers, got.body)).toBe(true);
      expect(verifyStandardWebhook('whsec_' + Buffer.alloc(32).toString('base64'), got.headers, got.body)).toBe(false);
      expect((await h.call(`/v1/webhooks/${sub.id}`, { method: 'DELETE', key })).status).toBe(204);
      expect((await h.call(`/v1/webhooks/${sub.id}/deliveries`, { key })).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });
});
