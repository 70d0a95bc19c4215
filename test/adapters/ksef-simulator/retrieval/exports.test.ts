/* eslint-disable @typescript-eslint/no-explicit-any -- answers are untyped JSON, checked against openapi.json instead */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../../adapters/ksef-simulator/startSimulator.js';
import { FA3_SAMPLES_DIR } from '../../../support/sharedDir.js';
import { ManualClock } from '../support/ManualClock.js';
import { login } from '../support/login.js';
import { SAMPLE_SELLER_NIP, SimTestClient, sampleInvoice } from '../support/SimTestClient.js';
import { downloadPackage, startExport, untarGz, unzip } from '../support/exportPackage.js';

const DELAY = 50;
const LAG = 1000;
const BUYER = '1111111111';
const THIRD = '3333333333';

function sample10(p2: string): Buffer {
  return Buffer.from(readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_10.xml'), 'utf8').replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${p2}</P_2>`));
}

describe('simulator: invoice exports', () => {
  const clock = new ManualClock(new Date('2026-11-20T10:00:00Z'));
  let sim: RunningSimulator;
  let client: SimTestClient;
  let seller: string;
  let buyer: string;
  const sent = new Map<string, Buffer>();
  const start = new Date(clock.now().getTime() - 3600_000).toISOString();

  async function issue(xmls: Buffer[]): Promise<string[]> {
    const s = await client.openOnline(seller);
    const refs = [];
    for (const xml of xmls) refs.push((await client.send(seller, s, xml)).body.referenceNumber as string);
    clock.advance(DELAY + 1);
    const numbers = [];
    for (const ref of refs) {
      const st = (await client.invoiceStatus(seller, s, ref)).body;
      expect(st.status.code).toBe(200);
      numbers.push(st.ksefNumber as string);
    }
    numbers.forEach((n, i) => sent.set(n, xmls[i]));
    return numbers;
  }

  async function finished(ref: string, access = buyer): Promise<any> {
    clock.advance(DELAY + 1);
    const r = await client.call('GET', `/invoices/exports/${ref}`, { token: access });
    expect(r.status).toBe(200);
    return r.body;
  }

  const filters = (extra: Record<string, unknown> = {}, dateRange: Record<string, unknown> = {}) => ({
    subjectType: 'Subject2', dateRange: { dateType: 'PermanentStorage', from: start, restrictToPermanentStorageHwmDate: true, ...dateRange }, ...extra,
  });

  beforeAll(async () => {
    sim = await startSimulator({ now: clock.now, rateLimits: 'off', processingDelayMs: DELAY, hwmLagMs: LAG, exportLimits: { maxInvoices: 3, maxPartBytes: 4000 } });
    client = new SimTestClient(sim.baseUrl);
    seller = await login(sim, client, clock, SAMPLE_SELLER_NIP, ['InvoiceWrite', 'InvoiceRead'], DELAY);
    buyer = await login(sim, client, clock, BUYER, ['InvoiceRead'], DELAY);
    await issue([sampleInvoice('EXP/1'), sampleInvoice('EXP/2'), sample10('EXP/3'), sampleInvoice('EXP/4')]);
    clock.advance(LAG + 1);
  });
  afterAll(() => sim.close());

  it('builds the buyer\'s package: {ksefNumber}.xml byte for byte plus _metadata.json, cut at the invoice limit with lastPermanentStorageDate', async () => {
    const started = await startExport(client, buyer, filters());
    expect(started.status).toBe(201);
    expect(started.body.referenceNumber).toMatch(/^\d{8}-EH-/);
    const pending = await client.call('GET', `/invoices/exports/${started.body.referenceNumber}`, { token: buyer });
    expect(pending.body.status.code).toBe(100);
    const done = await finished(started.body.referenceNumber);
    expect(done.status.code).toBe(200);
    expect(done.package).toMatchObject({ invoiceCount: 3, isTruncated: true });
    // Parts of at most maxPartBytes, each encrypted on its own (downloadPackage checks every hash).
    expect(done.package.parts.length).toBeGreaterThan(1);
    expect(done.package.parts.every((p: any) => p.partSize <= 4000 && p.encryptedPartSize === (Math.floor(p.partSize / 16) + 1) * 16)).toBe(true);
    const files = await unzip(await downloadPackage(client, done.package, started.key));
    const meta = JSON.parse(files.get('_metadata.json')!.toString('utf8'));
    expect(meta.invoices).toHaveLength(3);
    for (const m of meta.invoices) expect(files.get(`${m.ksefNumber}.xml`)!.equals(sent.get(m.ksefNumber)!)).toBe(true);
    expect(done.package.lastPermanentStorageDate).toBe(meta.invoices[2].permanentStorageDate);

    const next = await startExport(client, buyer, filters({}, { from: done.package.lastPermanentStorageDate }));
    const rest = await finished(next.body.referenceNumber);
    expect(rest.package.isTruncated).toBe(false);
    expect(rest.package.lastPermanentStorageDate ?? null).toBeNull();
    const restMeta = JSON.parse((await unzip(await downloadPackage(client, rest.package, next.key))).get('_metadata.json')!.toString('utf8'));
    const all = new Set([...meta.invoices, ...restMeta.invoices].map((m: any) => m.ksefNumber));
    expect(all).toEqual(new Set(sent.keys()));
  });

  it('leaves an invoice stored after the HWM to the next window, which starts at permanentStorageHwmDate', async () => {
    const [late] = await issue([sampleInvoice('EXP/LATE')]);
    const first = await startExport(client, buyer, filters({ ksefNumber: late }));
    const before = await finished(first.body.referenceNumber);
    expect(before.package.invoiceCount).toBe(0);
    const hwm = before.package.permanentStorageHwmDate;
    const unrestricted = await client.call('POST', '/invoices/query/metadata?pageSize=10', { token: buyer, json: filters({ ksefNumber: late }, { restrictToPermanentStorageHwmDate: false }) });
    expect(Date.parse(hwm)).toBeLessThan(Date.parse(unrestricted.body.invoices[0].permanentStorageDate));
    clock.advance(LAG);
    const second = await startExport(client, buyer, filters({ ksefNumber: late }, { from: hwm }));
    const after = await finished(second.body.referenceNumber);
    expect(after.package.invoiceCount).toBe(1);
  });

  it('answers 420 when dateRange.from is past the HWM with the restriction on, and 415 for a key it cannot unwrap', async () => {
    const future = await startExport(client, buyer, filters({}, { from: new Date(clock.now().getTime() + 3600_000).toISOString() }));
    expect((await finished(future.body.referenceNumber)).status.code).toBe(420);
    const json = { encryption: { encryptedSymmetricKey: Buffer.alloc(256, 7).toString('base64'), initializationVector: Buffer.alloc(16).toString('base64') }, filters: filters() };
    const bad = await client.call('POST', '/invoices/exports', { token: buyer, json });
    expect(bad.status).toBe(201);
    expect((await finished(bad.body.referenceNumber)).status.code).toBe(415);
  });

  it('packs TarGz and metadata-only packages', async () => {
    const tgz = await startExport(client, buyer, filters({ invoiceNumber: 'EXP/1' }), { compressionType: 'TarGz' });
    const done = await finished(tgz.body.referenceNumber);
    expect(done.package.parts[0].partName).toMatch(/\.tar\.gz\.aes$/);
    const files = await untarGz(await downloadPackage(client, done.package, tgz.key));
    expect([...files.keys()].sort()).toEqual([expect.stringMatching(/\.xml$/), '_metadata.json'].sort());
    const only = await startExport(client, buyer, filters(), { onlyMetadata: true });
    const meta = await unzip(await downloadPackage(client, (await finished(only.body.referenceNumber)).package, only.key));
    expect([...meta.keys()]).toEqual(['_metadata.json']);
  });

  it('shows an invoice to its Podmiot3 as Subject3, with thirdSubjects in _metadata.json', async () => {
    const third = await login(sim, client, clock, THIRD, ['InvoiceRead'], DELAY);
    const e = await startExport(client, third, filters({ subjectType: 'Subject3' }));
    const done = await finished(e.body.referenceNumber, third);
    const meta = JSON.parse((await unzip(await downloadPackage(client, done.package, e.key))).get('_metadata.json')!.toString('utf8'));
    expect(meta.invoices.map((m: any) => m.invoiceNumber)).toEqual(['EXP/3']);
    expect(meta.invoices[0].thirdSubjects).toEqual([{ identifier: { type: 'Nip', value: THIRD }, name: 'F.H.U. Grażyna Kowalska', role: 4 }]);
  });

  it('refuses an eleventh export in progress with 21182', async () => {
    const refs = [];
    for (let i = 0; i < 10; i++) refs.push(await startExport(client, buyer, filters()));
    expect(refs.every((r) => r.status === 201)).toBe(true);
    const eleventh = await startExport(client, buyer, filters());
    expect(eleventh.status).toBe(400);
    expect(eleventh.body.errors?.[0]?.code ?? eleventh.body.status).toBe(21182);
    clock.advance(DELAY + 1);
  });

  it('expires a package (210) after its lifetime and forgets the export (410) after 7 days', async () => {
    const e = await startExport(client, buyer, filters());
    const done = await finished(e.body.referenceNumber);
    const url = done.package.parts[0].url;
    clock.advance(3 * 24 * 3600_000);
    buyer = await login(sim, client, clock, BUYER, ['InvoiceRead'], DELAY);
    const expired = await client.call('GET', `/invoices/exports/${e.body.referenceNumber}`, { token: buyer });
    expect(expired.body.status.code).toBe(210);
    expect(expired.body.package ?? null).toBeNull();
    expect((await fetch(url)).status).toBe(403);
    clock.advance(4 * 24 * 3600_000);
    buyer = await login(sim, client, clock, BUYER, ['InvoiceRead'], DELAY);
    const goneAnswer = await client.call('GET', `/invoices/exports/${e.body.referenceNumber}`, { token: buyer });
    expect(goneAnswer.status).toBe(410);
  });

  it('expires a package mid-download with the exportExpiry fault: parts after the first answer 404, the status says 210; exportsServed tells what was served', async () => {
    sim.setFaults({ exportExpiry: { afterParts: 1, exports: 1 } });
    try {
      const doomed = await startExport(client, buyer, filters());
      const done = await finished(doomed.body.referenceNumber);
      expect(done.package.parts.length).toBeGreaterThan(1);
      expect((await fetch(done.package.parts[0].url)).status).toBe(200);
      expect((await fetch(done.package.parts[1].url)).status).toBe(404);
      expect((await fetch(done.package.parts[0].url)).status).toBe(404);
      const after = await client.call('GET', `/invoices/exports/${doomed.body.referenceNumber}`, { token: buyer });
      expect(after.body.status.code).toBe(210);
      expect(after.body.package ?? null).toBeNull();

      // Only the first export was doomed: the next one downloads whole.
      const next = await startExport(client, buyer, filters());
      const whole = await finished(next.body.referenceNumber);
      const meta = JSON.parse((await unzip(await downloadPackage(client, whole.package, next.key))).get('_metadata.json')!.toString('utf8'));

      const served = sim.exportsServed(BUYER);
      expect(served.find((e) => e.referenceNumber === doomed.body.referenceNumber)).toMatchObject({ partsServed: 1, expired: true, subjectType: 'Subject2' });
      expect(served.find((e) => e.referenceNumber === next.body.referenceNumber)).toEqual({
        referenceNumber: next.body.referenceNumber, subjectType: 'Subject2', ksefNumbers: meta.invoices.map((m: any) => m.ksefNumber),
        partsServed: whole.package.parts.length, expired: false,
      });
    } finally {
      sim.setFaults({});
    }
  });
});
