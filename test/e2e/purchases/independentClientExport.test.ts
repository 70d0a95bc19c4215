import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KsefClient as PublishedKsefClient, type InvoiceQueryFilters, type IsoDateTimeString } from 'ksef-client';
import { pino } from 'pino';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SqlitePurchaseStore } from '../../../adapters/sqlite-store/SqlitePurchaseStore.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { PurchaseSync } from '../../../core/purchases/PurchaseSync.js';
import { ManualClock } from '../../adapters/ksef-simulator/support/ManualClock.js';
import { SAMPLE_SELLER_NIP, sampleWithOwnNumber, uniqueP2 } from '../ksef/support/samples.js';

/*
 * An independent check of the simulator's export side: the published npm client `ksef-client` (not our code) logs in
 * with a KSeF token and runs its own IncrementalExportWorkflow, unchanged, against the simulator. If our simulator and
 * our client shared a misreading of the spec, our own tests would pass and this one would not.
 *
 * The simulator's clock is a ManualClock: the HWM (now minus the lag) stays put while the workflow runs, which is what
 * lets the workflow end (it stops when its continuation point no longer moves); with processingDelayMs 0 every
 * authentication and export is final at once, so the workflow's real-time polling never waits on the frozen clock.
 */

const BUYER = '1111111111';
const OTHER_BUYER = '2222222222';
const LAG = 1000;
const logger = pino({ level: 'silent' });
const clock = new ManualClock();
const windowFrom = new Date(clock.now().getTime() - 3600_000).toISOString();
let sim: RunningSimulator;
let seller: KsefClient;
/** KSeF number -> the bytes issued to BUYER. */
const toBuyer = new Map<string, Buffer>();
let toOther = '';

/** Sample 1 with its own P_2, for `buyerNip`, optionally with a line name of our own. */
function invoice(p2: string, buyerNip = BUYER, lineName?: string): Buffer {
  let xml = Buffer.from(sampleWithOwnNumber('FA_3_Przyklad_1.xml', p2)).toString('utf8');
  xml = xml.replace(`<NIP>${BUYER}</NIP>`, `<NIP>${buyerNip}</NIP>`);
  if (lineName) xml = xml.replace(/<P_7>[^<]*<\/P_7>/, `<P_7>${lineName}</P_7>`);
  return Buffer.from(xml, 'utf8');
}

/** Sends the documents in one online session, 5 ms apart on the simulator's clock; returns their KSeF numbers. */
async function issue(xmls: Buffer[]): Promise<string[]> {
  const session = await seller.openOnlineSession();
  const refs = [];
  for (const xml of xmls) {
    refs.push((await seller.sendOnlineInvoice(session, xml)).invoiceReferenceNumber);
    clock.advance(5);
  }
  await seller.closeOnlineSession(session);
  const numbers = [];
  for (const ref of refs) {
    const st = await seller.getSessionInvoice(session.referenceNumber, ref);
    if (st.status.code !== 200 || !st.ksefNumber) throw new Error(`invoice ${ref} not accepted: ${JSON.stringify(st.status)}`);
    numbers.push(st.ksefNumber);
  }
  return numbers;
}

async function publishedClientAsBuyer(): Promise<PublishedKsefClient> {
  return PublishedKsefClient.connect({
    baseUrl: sim.baseUrl, token: sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token,
    context: { type: 'Nip', value: BUYER }, pollIntervalMs: 20, maxAttempts: 50, retryOn429: false,
  });
}

beforeAll(async () => {
  // Packages of at most 3 invoices: the 7 invoices of B need several exports chained by lastPermanentStorageDate.
  sim = await startSimulator({ now: clock.now, rateLimits: 'off', processingDelayMs: 0, hwmLagMs: LAG, exportLimits: { maxInvoices: 3 } });
  seller = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, authPollIntervalMs: 20, rateLimits: 'off',
    auth: new KsefTokenAuth(sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] }).token) });
  const xmls = [
    ...Array.from({ length: 5 }, () => invoice(uniqueP2('IND'))),
    invoice(`${uniqueP2('FV')}/Żółć`, BUYER, 'Zażółć gęślą jaźń: ŹRÓDŁO ĘĄŚŃ'),
    invoice(uniqueP2('OTHER'), OTHER_BUYER),
    invoice(uniqueP2('IND')),
  ];
  const numbers = await issue(xmls);
  numbers.forEach((n, i) => (i === 6 ? (toOther = n) : toBuyer.set(n, xmls[i])));
  // Every invoice is now behind permanentStorageHwmDate.
  clock.advance(LAG + 1);
}, 60_000);
afterAll(async () => {
  await seller.close();
  await sim.close();
});

describe('the published ksef-client runs its own export workflow against the simulator', () => {
  it('gets, as buyer (Subject2), exactly the invoices the simulator holds for it, KSeF numbers and XML bytes, the same as our purchase sync', async () => {
    const client = await publishedClientAsBuyer();
    const continuationPoints: Record<string, string | undefined> = {};
    const result = await client.workflows.exportsIncremental.run({
      subjectType: 'Subject2', windowFrom, windowTo: clock.now().toISOString(), continuationPoints,
      verifyHashes: true, pollIntervalMs: 20, maxAttempts: 50, maxIterations: 10,
    });

    // Several truncated packages, then one up to the HWM, then an empty one that does not move the point: the end.
    expect(result.referenceNumbers.length).toBeGreaterThanOrEqual(4);
    expect(result.referenceNumbers.length).toBeLessThan(10);
    const served = sim.exportsServed(BUYER);
    expect(served.map((e) => e.referenceNumber)).toEqual(result.referenceNumbers);
    expect(served.every((e) => e.subjectType === 'Subject2')).toBe(true);
    expect(continuationPoints.Subject2).toBe(new Date(clock.now().getTime() - LAG).toISOString());

    // KSeF numbers from its _metadata.json: every invoice to B, none to anyone else.
    const numbers = result.metadataSummaries.map((m) => String(m.ksefNumber));
    expect(numbers.sort()).toEqual([...toBuyer.keys()].sort());
    expect(numbers).not.toContain(toOther);
    expect(result.metadataSummaries.every((m) => (m.buyer as { identifier?: { value?: string } }).identifier?.value === BUYER)).toBe(true);

    // {ksefNumber}.xml files: exactly those, each byte for byte what the seller issued (Polish letters included).
    expect(Object.keys(result.invoiceXmlFiles).sort()).toEqual([...toBuyer.keys()].map((n) => `${n}.xml`).sort());
    for (const [n, xml] of toBuyer) expect(Buffer.from(result.invoiceXmlFiles[`${n}.xml`], 'utf8').equals(xml)).toBe(true);
    expect(Object.values(result.invoiceXmlFiles).filter((x) => x.includes('Zażółć gęślą jaźń: ŹRÓDŁO ĘĄŚŃ'))).toHaveLength(1);

    // Our own purchase sync, run as B against the same simulator, stores the same invoices with the same bytes.
    const store = new SqlitePurchaseStore(join(mkdtempSync(join(tmpdir(), 'gw-ind-')), 'g.sqlite'));
    const ours = new KsefClient({ baseUrl: sim.baseUrl, contextNip: BUYER, authPollIntervalMs: 20, rateLimits: 'off',
      auth: new KsefTokenAuth(sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token) });
    try {
      const sync = new PurchaseSync(store, { forContext: async () => ours }, {
        owner: 'test', consumers: () => ['erp'], initialSince: () => windowFrom, pollIntervalMs: 20, maxExportsPerRun: 20, logger,
        now: () => clock.now().getTime(),
      });
      expect(await sync.sync(BUYER, 'Subject2')).toMatchObject({ outcome: 'synced', received: toBuyer.size });
      const held = await store.listInvoices({ contextNip: BUYER, limit: 100 });
      expect(held.map((i) => i.ksefNumber).sort()).toEqual(numbers.sort());
      for (const n of numbers) {
        expect((await store.getInvoice(n, BUYER))!.xml.equals(Buffer.from(result.invoiceXmlFiles[`${n}.xml`], 'utf8'))).toBe(true);
      }
    } finally {
      await ours.close();
      await store.close();
    }
  });

  it('picks up, from its continuation point, an invoice that landed after the HWM, and nothing it already had', async () => {
    const client = await publishedClientAsBuyer();
    const continuationPoints: Record<string, string | undefined> = {
      Subject2: new Date(clock.now().getTime() - LAG).toISOString(),
    };
    const lateXml = invoice(uniqueP2('LATE'));
    const [late] = await issue([lateXml]);
    toBuyer.set(late, lateXml);
    clock.advance(LAG + 1);
    const result = await client.workflows.exportsIncremental.run({
      subjectType: 'Subject2', windowFrom, windowTo: clock.now().toISOString(), continuationPoints,
      verifyHashes: true, pollIntervalMs: 20, maxAttempts: 50, maxIterations: 10,
    });
    expect(result.metadataSummaries.map((m) => m.ksefNumber)).toEqual([late]);
    expect(Object.keys(result.invoiceXmlFiles)).toEqual([`${late}.xml`]);
  });

  it('runs its single-package InvoiceExportWorkflow restricted to the HWM: the first invoices by storage date, cut with lastPermanentStorageDate; 420 past the HWM', async () => {
    const client = await publishedClientAsBuyer();
    const filters = (from: string): InvoiceQueryFilters => ({
      subjectType: 'Subject2',
      dateRange: { dateType: 'PermanentStorage', from: from as IsoDateTimeString, to: clock.now().toISOString() as IsoDateTimeString, restrictToPermanentStorageHwmDate: true },
    });
    const started = await client.workflows.exports.startExport({ filters: filters(windowFrom) });
    const status = await client.workflows.exports.waitForExport(started.referenceNumber, { pollIntervalMs: 20, maxAttempts: 50 });
    const pkg = await client.workflows.exports.downloadAndProcessPackage(status, started.encryptionData, { verifyHashes: true });
    // toBuyer keeps issue order, which is storage order: the package holds the first 3.
    const firstThree = [...toBuyer.keys()].slice(0, 3);
    expect(pkg.metadataSummaries.map((m) => m.ksefNumber)).toEqual(firstThree);
    expect(Object.keys(pkg.invoiceXmlFiles).sort()).toEqual(firstThree.map((n) => `${n}.xml`).sort());
    expect(status.package).toMatchObject({ invoiceCount: 3, isTruncated: true, lastPermanentStorageDate: pkg.metadataSummaries[2].permanentStorageDate });

    // Past the HWM but before `to`: the client itself refuses a `from` after `to` before asking KSeF.
    const beyond = await client.workflows.exports.startExport({ filters: filters(new Date(clock.now().getTime() - LAG / 2).toISOString()) });
    await expect(client.workflows.exports.waitForExport(beyond.referenceNumber, { pollIntervalMs: 20, maxAttempts: 50 })).rejects.toThrow(/Export failed: 420/);
  });
});
