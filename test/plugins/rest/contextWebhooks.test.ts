import { SecretValue } from '../../../core/vault/SecretValue.js';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { eventually, NIP_A, NIP_B, startRest, type RestHarness } from './restHarness.js';
import { startReceiver, verifyStandardWebhook } from './webhookReceiver.js';

describe('REST API: context webhooks', () => {
  let h: RestHarness;
  beforeAll(async () => { h = await startRest(); });
  afterAll(async () => { await h.stop(); });

  it('announces context.paused when KSeF refuses the token and context.resumed once a new one is stored, signed, to the keys of that context only', async () => {
    const mine = await startReceiver();
    const theirs = await startReceiver();
    try {
      const key = await h.key([NIP_A]);
      const subscribe = async (url: string, k: string) => {
        const res = await h.call('/v1/webhooks', { method: 'POST', key: k, json: { url, events: ['context.paused', 'context.resumed'] } });
        expect(res.status).toBe(201);
        return await res.json() as { secret: string };
      };
      const sub = await subscribe(mine.url, key);
      await subscribe(theirs.url, await h.key([NIP_B]));

      const sim = h.app.simulator!;
      sim.revokeToken((await h.app.vault.info(NIP_A, 'token'))!.referenceNumber!);
      const invoice = readFa3(invoiceXml({ sellerNip: NIP_A, number: `FV/CW/${Date.now()}` }));
      expect((await h.call('/v1/invoices', { method: 'POST', key, json: { erpId: `CW-${Date.now()}`, invoice } })).status).toBe(202);
      await eventually(async () => (mine.received.length >= 1 ? true : undefined));
      const paused = JSON.parse(mine.received[0].body) as { type: string; data: { context: string; reason: string; message: string } };
      expect(paused).toMatchObject({ type: 'context.paused', data: { context: NIP_A } });
      expect(paused.data.message).toContain('token add');

      const fresh = sim.createToken({ nip: NIP_A, permissions: ['InvoiceWrite', 'InvoiceRead'] });
      await h.app.vault.put({ contextNip: NIP_A, kind: 'token', secret: new SecretValue(fresh.token), referenceNumber: fresh.referenceNumber });
      await eventually(async () => (mine.received.length >= 2 ? true : undefined));
      expect(JSON.parse(mine.received[1].body)).toMatchObject({ type: 'context.resumed', data: { context: NIP_A } });
      for (const r of mine.received) {
        expect(verifyStandardWebhook(sub.secret, r.headers, r.body)).toBe(true);
        expect(r.body).not.toContain(fresh.token);
      }
      expect(theirs.received).toHaveLength(0);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });
});
