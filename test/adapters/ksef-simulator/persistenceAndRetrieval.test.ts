import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { ManualClock } from './support/ManualClock.js';
import { SAMPLE_SELLER_NIP, SimTestClient, sampleInvoice, sha256b64 } from './support/SimTestClient.js';

const DELAY = 50;

describe('simulator: persistence and invoice retrieval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ksef-sim-'));
  const clock = new ManualClock();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function accessWith(client: SimTestClient, token: string): Promise<string> {
    const op = await client.startTokenAuth(SAMPLE_SELLER_NIP, token);
    clock.advance(DELAY);
    return (await client.redeem(op.authToken)).access;
  }

  it('keeps keys, tokens, invoices and duplicate keys across a restart', async () => {
    const p2 = `SIMP/${Date.now()}`;
    const xml = sampleInvoice(p2);
    let first = await startSimulator({ dataDir: dir, now: clock.now, rateLimits: 'off', processingDelayMs: DELAY, schemasDir: SCHEMAS_DIR });
    let client = new SimTestClient(first.baseUrl);
    const keyId = (await client.publicKeys()).symmetric.id;
    const { token } = first.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] });
    let access = await accessWith(client, token);
    const s = await client.openOnline(access);
    const sent = await client.send(access, s, xml);
    clock.advance(DELAY + 1);
    const ksefNumber = (await client.invoiceStatus(access, s, sent.body.referenceNumber)).body.ksefNumber;
    await first.close();
    expect(statSync(join(dir, 'keyring.json')).mode & 0o077).toBe(0);

    first = await startSimulator({ dataDir: dir, now: clock.now, rateLimits: 'off', processingDelayMs: DELAY, schemasDir: SCHEMAS_DIR });
    client = new SimTestClient(first.baseUrl);
    try {
      expect((await client.publicKeys()).symmetric.id).toBe(keyId);
      access = await accessWith(client, token);
      const got = await client.call('GET', `/invoices/ksef/${ksefNumber}`, { token: access });
      expect(got.status).toBe(200);
      expect(got.text).toBe(xml.toString('utf8'));
      expect(got.headers.get('x-ms-meta-hash')).toBe(sha256b64(xml));
      const s2 = await client.openOnline(access);
      const dup = await client.send(access, s2, xml);
      clock.advance(DELAY + 1);
      const st = (await client.invoiceStatus(access, s2, dup.body.referenceNumber)).body;
      expect(st.status.code).toBe(440);
      expect(st.status.extensions.originalKsefNumber).toBe(ksefNumber);

      const meta = await client.call('POST', '/invoices/query/metadata?pageSize=10', {
        token: access, json: { subjectType: 'Subject1', dateRange: { dateType: 'Issue', from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }, invoiceNumber: p2 },
      });
      expect(meta.status).toBe(200);
      expect(meta.body.invoices).toHaveLength(1);
      expect(meta.body.invoices[0]).toMatchObject({ ksefNumber, invoiceNumber: p2, invoiceType: 'Vat', seller: { nip: SAMPLE_SELLER_NIP } });
      const unknown = await client.call('GET', `/invoices/ksef/${SAMPLE_SELLER_NIP}-20260101-000000000000-00`, { token: access });
      expect(unknown.body.errors[0].code).toBe(21164);
    } finally {
      await first.close();
    }
  });
});
