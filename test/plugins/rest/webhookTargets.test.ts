import { fetch as undiciFetch } from 'undici';
import { restOptionsSchema } from '../../../plugins/rest/RestOptions.js';
import { isPrivateAddress, privateTargetProblem, publicOnlyDispatcher } from '../../../plugins/rest/webhooks/receiverAddress.js';
import { NIP_A, startRest } from './restHarness.js';
import { startReceiver } from './webhookReceiver.js';

describe('webhook receivers on private addresses (webhooks.allowPrivateTargets: false)', () => {
  it('tells public from loopback, private, link-local and mapped addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['8.8.8.8', '203.0.113.9', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
    expect(privateTargetProblem('http://[::1]:8080/x')).toBe('::1 is not a public address');
    expect(privateTargetProblem('https://LOCALHOST/x')).toBe('localhost is a loopback name');
    expect(privateTargetProblem('https://erp.example.com/hook')).toBeUndefined();
  });

  it('refuses, on the connection itself, a name that resolves to loopback', async () => {
    const receiver = await startReceiver();
    const dispatcher = publicOnlyDispatcher();
    try {
      const port = new URL(receiver.url).port;
      const failure = await undiciFetch(`http://localhost:${port}/hook`, { method: 'POST', body: '{}', dispatcher }).then(() => undefined, (e: Error) => e);
      expect((failure?.cause as { code?: string } | undefined)?.code).toBe('GW_REST_PRIVATE_TARGET');
      expect(receiver.received).toHaveLength(0);
      // The same receiver is reachable without the guard: the refusal above is the guard's, not a dead port.
      expect((await undiciFetch(`http://localhost:${port}/hook`, { method: 'POST', body: '{}' })).status).toBe(204);
    } finally {
      await dispatcher.close();
      await receiver.close();
    }
  });

  it('answers 422 located at /url for a loopback receiver over the API, and refuses one in the config', async () => {
    const h = await startRest({ webhooks: { allowPrivateTargets: false } });
    try {
      const key = await h.key([NIP_A]);
      for (const url of ['http://127.0.0.1:9/hook', 'http://[::1]:9/hook', 'http://localhost:9/hook', 'http://10.0.0.8/hook']) {
        const res = await h.call('/v1/webhooks', { method: 'POST', key, json: { url, events: ['invoice.accepted'] } });
        expect([url, res.status]).toEqual([url, 422]);
        expect((await res.json() as { errors: { code: string; pointer: string }[] }).errors).toEqual([expect.objectContaining({ code: 'GW_REST_PRIVATE_TARGET', pointer: '/url' })]);
      }
      expect((await h.call('/v1/webhooks', { method: 'POST', key, json: { url: 'https://erp.example.com/hook', events: ['invoice.accepted'] } })).status).toBe(201);
    } finally {
      await h.stop();
    }
    const parsed = restOptionsSchema.safeParse({ webhooks: { allowPrivateTargets: false, subscriptions: [
      { id: 'erp', url: 'http://192.168.0.5/hook', events: ['invoice.accepted'], contexts: [NIP_A], secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` }] } });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
      .toEqual(['webhooks.subscriptions.0.url: 192.168.0.5 is not a public address, and allowPrivateTargets is false']);
  });
});
