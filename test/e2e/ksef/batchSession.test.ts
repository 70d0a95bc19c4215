import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { assertRequestConforms } from '../../support/openapiConformance.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { isValidKsefNumber } from '../../../core/ksef/crypto/ksefIdentifiers.js';
import type { SessionInvoiceStatus } from '../../../core/ksef/types/sessions.js';
import { recordingDispatcher } from './support/recordingDispatcher.js';
import { ONLINE_SAMPLES, SAMPLE_SELLER_NIP, sampleWithOwnNumber, uniqueP2 } from './support/samples.js';
import { until } from './support/until.js';

let sim: RunningSimulator;
let client: KsefClient;
const rec = recordingDispatcher();

beforeAll(async () => {
  sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 50 });
  const { token } = sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] });
  client = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, auth: new KsefTokenAuth(token), dispatcher: rec.dispatcher, authPollIntervalMs: 50 });
});

afterAll(async () => {
  await client.close();
  await rec.close();
  await sim.close();
});

async function allInvoices(ref: string): Promise<SessionInvoiceStatus[]> {
  const out: SessionInvoiceStatus[] = [];
  let token: string | undefined;
  do {
    const page = await client.listSessionInvoices(ref, token, { pageSize: 100 });
    out.push(...page.invoices);
    token = page.continuationToken ?? undefined;
  } while (token);
  return out;
}

async function* generated(n: number) {
  for (let i = 0; i < n; i++) {
    yield { fileName: `fa-${i}.xml`, bytes: sampleWithOwnNumber(ONLINE_SAMPLES[i % ONLINE_SAMPLES.length], uniqueP2('B')) };
  }
}

describe.each(['zip', 'tar.gz'] as const)('batch session (%s) against the simulator', (format) => {
  it('sends a multi-part package whose invoices all get KSeF numbers, one bad invoice apart', async () => {
    const bad = { fileName: 'broken.xml', bytes: Buffer.from('<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Nope/></Faktura>') };
    async function* withBad() { yield* generated(30); yield bad; }
    const sent = await client.sendBatch(withBad(), { format, maxPartSize: format === 'zip' ? 8_000 : 1_500 });
    expect(sent.partCount).toBeGreaterThan(1);
    expect(sent.files).toHaveLength(31);
    const status = await until(() => client.getSessionStatus(sent.sessionReferenceNumber), (s) => s.status.code !== 100 && s.status.code !== 150);
    expect(status.status.code).toBe(200);
    const invoices = await allInvoices(sent.sessionReferenceNumber);
    expect(invoices).toHaveLength(31);
    const byName = new Map(invoices.map((i) => [i.invoiceFileName, i]));
    for (const f of sent.files.filter((x) => x.fileName !== 'broken.xml')) {
      const inv = byName.get(f.fileName)!;
      expect(inv.invoiceHash).toBe(f.invoiceHash);
      expect(inv.status.code).toBe(200);
      expect(isValidKsefNumber(inv.ksefNumber!)).toBe(true);
    }
    expect(byName.get('broken.xml')!.status.code).toBe(450);
    const listed = await client.listSessions({ sessionType: 'Batch', pageSize: 10 });
    expect(listed.sessions.map((x) => x.referenceNumber)).toContain(sent.sessionReferenceNumber);
    const upo = await client.getInvoiceUpo(sent.sessionReferenceNumber, { ...invoices[0], invoiceReferenceNumber: invoices[0].referenceNumber });
    expect(upo.bytes.length).toBeGreaterThan(100);
  });
});

describe('batch requests', () => {
  it('uploaded parts with exactly the returned method and headers, without Authorization, and conformed to openapi.json', () => {
    const uploads = rec.requests.filter((r) => !r.path.startsWith('/v2/'));
    expect(uploads.length).toBeGreaterThan(2);
    for (const u of uploads) {
      expect(u.headers.authorization).toBeUndefined();
    }
    const opens = rec.requests.filter((r) => r.method === 'POST' && r.path === '/v2/sessions/batch');
    expect(opens).toHaveLength(2);
    for (const r of rec.requests.filter((x) => x.path.startsWith('/v2/'))) {
      assertRequestConforms(r.method, r.path, r.body === undefined ? undefined : JSON.parse(r.body));
    }
  });
});
