import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { sha256Base64 } from '../../../core/ksef/crypto/sha256Base64.js';
import type { InvoiceMetadata } from '../../../core/ksef/types/exports.js';
import type { InvoiceQueryFilters } from '../../../core/ksef/types/invoices.js';
import { SAMPLE_SELLER_NIP, sampleWithOwnNumber, uniqueP2 } from './support/samples.js';
import { until } from './support/until.js';

const BUYER = '1111111111';
let sim: RunningSimulator;
let seller: KsefClient;
let buyer: KsefClient;
const sent = new Map<string, Uint8Array>();
const since = new Date(Date.now() - 60_000).toISOString();
const filters: InvoiceQueryFilters = { subjectType: 'Subject2', dateRange: { dateType: 'PermanentStorage', from: since, restrictToPermanentStorageHwmDate: true } };

const clientFor = (nip: string, permissions: string[]): KsefClient => new KsefClient({
  baseUrl: sim.baseUrl, contextNip: nip, auth: new KsefTokenAuth(sim.createToken({ nip, permissions }).token), authPollIntervalMs: 20,
});

beforeAll(async () => {
  // Small parts and a small query limit: the client must join several parts and narrow a truncated query.
  sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 30, hwmLagMs: 0, exportLimits: { maxPartBytes: 3000, metadataRecordLimit: 10 } });
  seller = clientFor(SAMPLE_SELLER_NIP, ['InvoiceWrite']);
  buyer = clientFor(BUYER, ['InvoiceRead']);
  const session = await seller.openOnlineSession();
  const out = [];
  for (let i = 0; i < 12; i++) {
    const xml = sampleWithOwnNumber('FA_3_Przyklad_1.xml', uniqueP2('EXPC'));
    out.push({ xml, ...(await seller.sendOnlineInvoice(session, xml)) });
  }
  for (const o of out) {
    const st = await until(() => seller.getSessionInvoice(session.referenceNumber, o.invoiceReferenceNumber), (s) => s.status.code === 200);
    sent.set(st.ksefNumber!, o.xml);
  }
  await new Promise((r) => setTimeout(r, 50));
});

afterAll(async () => {
  await seller.close();
  await buyer.close();
  await sim.close();
});

describe('KSeF client: invoice export and retrieval', () => {
  it.each(['Zip', 'TarGz'] as const)('exports, downloads the parts in parallel, decrypts and unpacks every invoice byte for byte (%s)', async (compressionType) => {
    const started = await buyer.startInvoiceExport(filters, { compressionType });
    const status = await buyer.waitForInvoiceExport(started.referenceNumber, { pollIntervalMs: 20 });
    expect(status.status.code).toBe(200);
    expect(status.package!.parts.length).toBeGreaterThan(1);
    const pkg = await buyer.downloadInvoiceExport(started, status, { concurrency: 3 });
    try {
      const meta = await pkg.archive.metadata<InvoiceMetadata>();
      expect(new Set(meta.map((m) => m.ksefNumber))).toEqual(new Set(sent.keys()));
      let files = 0;
      for await (const inv of pkg.archive.invoices()) {
        expect(Buffer.from(inv.bytes).equals(Buffer.from(sent.get(inv.ksefNumber)!))).toBe(true);
        expect(meta.find((m) => m.ksefNumber === inv.ksefNumber)!.invoiceHash).toBe(sha256Base64(inv.bytes));
        files++;
      }
      expect(files).toBe(sent.size);
    } finally {
      await pkg.dispose();
    }
  });

  it('refuses a part whose bytes do not decrypt to the announced hash', async () => {
    const started = await buyer.startInvoiceExport(filters);
    const status = await buyer.waitForInvoiceExport(started.referenceNumber, { pollIntervalMs: 20 });
    const wrongKey = { ...started, key: { key: Buffer.alloc(32, 1), iv: started.key.iv } };
    await expect(buyer.downloadInvoiceExport(wrongKey, status)).rejects.toMatchObject({ code: expect.stringMatching(/^GW_KSEF_EXPORT_(DECRYPT|PART)$/) });
  });

  it('pages a metadata query past the record limit by narrowing from the last date, each record once', async () => {
    const seen: string[] = [];
    for await (const m of buyer.allInvoiceMetadata({ subjectType: 'Subject2', dateRange: { dateType: 'PermanentStorage', from: since } }, { pageSize: 10 })) seen.push(m.ksefNumber);
    expect(seen).toHaveLength(sent.size);
    expect(new Set(seen)).toEqual(new Set(sent.keys()));
  });

  it('downloads an invoice by its KSeF number as the buyer', async () => {
    const [n, xml] = [...sent.entries()][0];
    const doc = await buyer.getInvoice(n);
    expect(Buffer.from(doc.bytes).equals(Buffer.from(xml))).toBe(true);
    expect(doc.metaHash).toBe(sha256Base64(xml));
  });
});
