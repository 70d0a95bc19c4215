import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { assertRequestConforms } from '../../support/openapiConformance.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { isValidKsefNumber } from '../../../core/ksef/crypto/ksefIdentifiers.js';
import { sha256Base64 } from '../../../core/ksef/crypto/sha256Base64.js';
import type { SessionInvoiceStatus } from '../../../core/ksef/types/sessions.js';
import { capturingLogger } from '../../core/ksef/support/localServer.js';
import { recordingDispatcher } from './support/recordingDispatcher.js';
import { ONLINE_SAMPLES, SAMPLE_SELLER_NIP, sampleWithOwnNumber, uniqueP2 } from './support/samples.js';
import { until } from './support/until.js';

let sim: RunningSimulator;
let token: string;
const rec = recordingDispatcher();
const log = capturingLogger('debug');
let client: KsefClient;

beforeAll(async () => {
  sim = await startSimulator({ schemasDir: SCHEMAS_DIR, rateLimits: 'production', processingDelayMs: 50 });
  token = sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead', 'CredentialsManage'] }).token;
  client = new KsefClient({
    baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, auth: new KsefTokenAuth(token), logger: log.logger,
    dispatcher: rec.dispatcher, authPollIntervalMs: 50,
  });
});

afterAll(async () => {
  await client.close();
  await rec.close();
  await sim.close();
});

const settled = (s: SessionInvoiceStatus) => s.status.code !== 100 && s.status.code !== 150;

describe('online session against the simulator', () => {
  it('sends the official samples, each with its own P_2, and gets KSeF numbers and exact UPOs', async () => {
    const session = await client.openOnlineSession();
    const sent = [];
    for (const name of ONLINE_SAMPLES) {
      const xml = sampleWithOwnNumber(name, uniqueP2('ON'));
      sent.push({ name, xml, ...(await client.sendOnlineInvoice(session, xml)) });
    }
    await client.closeOnlineSession(session);
    for (const s of sent) {
      expect(s.invoiceHash).toBe(sha256Base64(s.xml));
      const st = await until(() => client.getSessionInvoice(session.referenceNumber, s.invoiceReferenceNumber), settled);
      expect({ name: s.name, code: st.status.code, details: st.status.details }).toMatchObject({ code: 200 });
      expect(isValidKsefNumber(st.ksefNumber!)).toBe(true);
      const upo = await client.getInvoiceUpo(session.referenceNumber, { invoiceReferenceNumber: s.invoiceReferenceNumber, ksefNumber: st.ksefNumber, upoDownloadUrl: st.upoDownloadUrl });
      expect(Buffer.from(upo.bytes).toString('utf8')).toContain(st.ksefNumber!);
      if (upo.metaHash) expect(upo.metaHash).toBe(sha256Base64(upo.bytes));
      const viaEndpoint = await client.getInvoiceUpo(session.referenceNumber, { ksefNumber: st.ksefNumber });
      expect(Buffer.from(viaEndpoint.bytes).equals(Buffer.from(upo.bytes))).toBe(true);
    }
    const status = await until(() => client.getSessionStatus(session.referenceNumber), (s) => s.status.code !== 170 && s.status.code !== 100);
    expect(status.status.code).toBe(200);
    expect(status.successfulInvoiceCount).toBe(ONLINE_SAMPLES.length);
    const page = status.upo!.pages[0];
    const sessionUpo = await client.getSessionUpo(session.referenceNumber, page.referenceNumber, { downloadUrl: page.downloadUrl });
    expect(Buffer.from(sessionUpo.bytes).toString('utf8')).toContain(session.referenceNumber);
  });

  it('reports a resend as duplicate 440 with the original KSeF number', async () => {
    const xml = sampleWithOwnNumber(ONLINE_SAMPLES[0], uniqueP2('DUP'));
    const s1 = await client.openOnlineSession();
    const first = await client.sendOnlineInvoice(s1, xml);
    const firstStatus = await until(() => client.getSessionInvoice(s1.referenceNumber, first.invoiceReferenceNumber), settled);
    expect(firstStatus.status.code).toBe(200);
    const s2 = await client.openOnlineSession();
    const again = await client.sendOnlineInvoice(s2, xml);
    const dup = await until(() => client.getSessionInvoice(s2.referenceNumber, again.invoiceReferenceNumber), settled);
    expect(dup.status.code).toBe(440);
    expect(dup.status.extensions?.originalKsefNumber).toBe(firstStatus.ksefNumber);
    await client.closeOnlineSession(s1);
    await client.closeOnlineSession(s2);
  });

  it('gets a schema violation back as status 450 and lists it among the failed invoices', async () => {
    const good = Buffer.from(sampleWithOwnNumber(ONLINE_SAMPLES[0], uniqueP2('BAD'))).toString('utf8');
    const broken = Buffer.from(good.replace(/<P_1>/, '<P_1_Bogus>x</P_1_Bogus><P_1>'), 'utf8');
    const session = await client.openOnlineSession();
    const sent = await client.sendOnlineInvoice(session, broken);
    const st = await until(() => client.getSessionInvoice(session.referenceNumber, sent.invoiceReferenceNumber), settled);
    expect(st.status.code).toBe(450);
    const failed = await client.listFailedSessionInvoices(session.referenceNumber);
    expect(failed.invoices.map((i) => i.referenceNumber)).toContain(sent.invoiceReferenceNumber);
    expect(await client.findSentInvoice(session.referenceNumber, sent.invoiceHash)).toMatchObject({ referenceNumber: sent.invoiceReferenceNumber });
    await client.closeOnlineSession(session);
  });

  it('sent only requests that conform to openapi.json', () => {
    const apiRequests = rec.requests.filter((r) => r.path.startsWith('/v2/'));
    expect(apiRequests.length).toBeGreaterThan(10);
    for (const r of apiRequests) {
      assertRequestConforms(r.method, r.path, r.body === undefined ? undefined : JSON.parse(r.body));
      expect(r.headers['x-error-format']).toBe('problem-details');
    }
    const storage = rec.requests.filter((r) => !r.path.startsWith('/v2/'));
    for (const r of storage) expect(r.headers.authorization).toBeUndefined();
  });

  it('never put the token value into a log line or a request other than its encrypted form', () => {
    const secret = token.split('|').pop()!;
    expect(log.lines.length).toBeGreaterThan(0);
    for (const line of log.lines) expect(line).not.toContain(secret);
    for (const r of rec.requests) {
      expect(JSON.stringify(r)).not.toContain(secret);
    }
  });
});
