/* eslint-disable @typescript-eslint/no-explicit-any -- answers are untyped JSON, checked against openapi.json instead */
import { startSimulator, type RunningSimulator } from '../../../../adapters/ksef-simulator/startSimulator.js';
import { assertRequestConforms } from '../../../support/openapiConformance.js';
import { ManualClock } from '../support/ManualClock.js';
import { login } from '../support/login.js';
import { SAMPLE_SELLER_NIP, SimTestClient, sampleInvoice } from '../support/SimTestClient.js';
import { startExport } from '../support/exportPackage.js';

const DELAY = 50;
const BUYER = '1111111111';

describe('simulator: invoice metadata query', () => {
  const clock = new ManualClock(new Date('2026-11-20T10:00:00Z'));
  let sim: RunningSimulator;
  let client: SimTestClient;
  let buyer: string;
  const from = new Date(clock.now().getTime() - 3600_000).toISOString();

  async function query(filters: Record<string, unknown>, page = 'pageSize=10'): Promise<any> {
    const json = { subjectType: 'Subject2', dateRange: { dateType: 'PermanentStorage', from }, ...filters };
    assertRequestConforms('POST', '/invoices/query/metadata', json);
    return client.call('POST', `/invoices/query/metadata?${page}`, { token: buyer, json });
  }

  beforeAll(async () => {
    sim = await startSimulator({ now: clock.now, rateLimits: 'off', processingDelayMs: DELAY, hwmLagMs: 1000, exportLimits: { metadataRecordLimit: 12 } });
    client = new SimTestClient(sim.baseUrl);
    const seller = await login(sim, client, clock, SAMPLE_SELLER_NIP, ['InvoiceWrite'], DELAY);
    const s = await client.openOnline(seller);
    for (let i = 1; i <= 14; i++) {
      const xml = sampleInvoice(`MQ/${i}`, (x) => (i === 1 ? x.replace('<KodWaluty>PLN</KodWaluty>', '<KodWaluty>EUR</KodWaluty>') : x));
      expect((await client.send(seller, s, xml)).status).toBe(202);
    }
    clock.advance(DELAY + 2000);
    buyer = await login(sim, client, clock, BUYER, ['InvoiceRead'], DELAY);
  });
  afterAll(() => sim.close());

  it('applies the filters: invoice number, currency, amount as a decimal, seller, buyer identifier, type, mode (sample 1 is offline: P_1 before the invoicing day)', async () => {
    expect((await query({ invoiceNumber: 'MQ/3' })).body.invoices.map((i: any) => i.invoiceNumber)).toEqual(['MQ/3']);
    expect((await query({ currencyCodes: ['EUR'] })).body.invoices.map((i: any) => i.invoiceNumber)).toEqual(['MQ/1']);
    // Sample 1's P_15 is 2051: 2051.00 matches a range ending at it, 2050.99 does not.
    expect((await query({ amount: { type: 'Brutto', from: 2051, to: 2051 }, invoiceNumber: 'MQ/2' })).body.invoices).toHaveLength(1);
    expect((await query({ amount: { type: 'Brutto', to: 2050.99 } })).body.invoices).toHaveLength(0);
    expect((await query({ sellerNip: '1234567890' })).body.invoices).toHaveLength(0);
    expect((await query({ buyerIdentifier: { type: 'Nip', value: BUYER }, invoiceTypes: ['Vat'], invoicingMode: 'Offline', formType: 'FA', hasAttachment: false, isSelfInvoicing: false, invoiceNumber: 'MQ/4' })).body.invoices).toHaveLength(1);
    expect((await query({ invoiceTypes: ['Kor'] })).body.invoices).toHaveLength(0);
    const seller = await client.call('POST', '/invoices/query/metadata?pageSize=10', { token: buyer, json: { subjectType: 'Subject1', dateRange: { dateType: 'PermanentStorage', from } } });
    expect(seller.body.invoices).toHaveLength(0);
  });

  it('stops a filter set at the record limit with isTruncated on the page that reaches it', async () => {
    const first = await query({});
    expect(first.body).toMatchObject({ hasMore: true, isTruncated: false });
    const second = (await query({}, 'pageSize=10&pageOffset=1')).body;
    expect(second).toMatchObject({ hasMore: true, isTruncated: true });
    expect(second.invoices).toHaveLength(2);
    const narrowed = (await query({ dateRange: { dateType: 'PermanentStorage', from: second.invoices[1].permanentStorageDate } })).body;
    expect(narrowed).toMatchObject({ hasMore: false, isTruncated: false });
    expect(narrowed.invoices).toHaveLength(3);
  });

  it('gives permanentStorageHwmDate for PermanentStorage only, and 21183 for a from past it with the restriction', async () => {
    expect((await query({})).body.permanentStorageHwmDate).toBe(new Date(clock.now().getTime() - 1000).toISOString());
    const issue = await query({ dateRange: { dateType: 'Issue', from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' } });
    expect(issue.body.invoices.length).toBeGreaterThan(0);
    expect(issue.body.permanentStorageHwmDate).toBeNull();
    const beyond = await query({ dateRange: { dateType: 'PermanentStorage', from: new Date(clock.now().getTime() - 500).toISOString(), restrictToPermanentStorageHwmDate: true } });
    expect(beyond.status).toBe(400);
    expect(beyond.body.errors[0].code).toBe(21183);
  });

  it('refuses a date range longer than three months with 21405', async () => {
    const long = await query({ dateRange: { dateType: 'Issue', from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:01Z' } });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].code).toBe(21405);
    expect((await query({ dateRange: { dateType: 'Issue', from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' } })).status).toBe(200);
  });

  it('counts exports against the invoiceExport limit (20 an hour) and answers 429 with Retry-After', async () => {
    sim.setRateLimits('production');
    try {
      const statuses = [];
      for (let i = 0; i < 21; i++) {
        clock.advance(61_000);
        if (i % 10 === 0) buyer = await login(sim, client, clock, BUYER, ['InvoiceRead'], DELAY);
        statuses.push((await startExport(client, buyer, { subjectType: 'Subject2', dateRange: { dateType: 'PermanentStorage', from } })).status);
      }
      expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
      expect(statuses[20]).toBe(429);
    } finally {
      sim.setRateLimits('off');
    }
  });
});
