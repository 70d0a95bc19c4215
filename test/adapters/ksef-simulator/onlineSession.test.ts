/* eslint-disable @typescript-eslint/no-explicit-any -- answers are untyped JSON, checked against openapi.json instead */
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { ManualClock } from './support/ManualClock.js';
import { SAMPLE_SELLER_NIP, SimTestClient, sampleInvoice, sha256b64, type OnlineSession } from './support/SimTestClient.js';
import { upoIssues } from './support/upoXsd.js';

const DELAY = 300;

describe('simulator: online session', () => {
  let sim: RunningSimulator;
  let client: SimTestClient;
  const clock = new ManualClock();
  let access: string;
  let seq = 0;
  const p2 = (): string => `SIM/${Date.now()}/${++seq}`;

  beforeAll(async () => {
    sim = await startSimulator({ schemasDir: SCHEMAS_DIR, now: clock.now, rateLimits: 'off', processingDelayMs: DELAY });
    client = new SimTestClient(sim.baseUrl);
    const { token } = sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] });
    const op = await client.startTokenAuth(SAMPLE_SELLER_NIP, token);
    expect(await client.authStatus(op.ref, op.authToken)).toBe(100);
    clock.advance(DELAY);
    expect(await client.authStatus(op.ref, op.authToken)).toBe(200);
    access = (await client.redeem(op.authToken)).access;
  });
  afterAll(() => sim.close());

  async function sendAndSettle(s: OnlineSession, xml: Buffer): Promise<any> {
    const sent = await client.send(access, s, xml);
    expect(sent.status).toBe(202);
    clock.advance(DELAY);
    return (await client.invoiceStatus(access, s, sent.body.referenceNumber)).body;
  }

  it('accepts a valid invoice: 100, then 150, then 200 with a KSeF number and a UPO that validates', async () => {
    const s = await client.openOnline(access);
    const number = p2();
    const xml = sampleInvoice(number);
    const sent = await client.send(access, s, xml);
    expect(sent.status).toBe(202);
    expect((await client.invoiceStatus(access, s, sent.body.referenceNumber)).body.status.code).toBe(100);
    clock.advance(DELAY / 2);
    expect((await client.invoiceStatus(access, s, sent.body.referenceNumber)).body.status.code).toBe(150);
    clock.advance(DELAY / 2);
    const done = (await client.invoiceStatus(access, s, sent.body.referenceNumber)).body;
    expect(done.status.code).toBe(200);
    expect(done.ksefNumber).toMatch(new RegExp(`^${SAMPLE_SELLER_NIP}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$`));
    expect(done.invoiceHash).toBe(sha256b64(xml));
    const upo = await fetch(done.upoDownloadUrl);
    const upoXml = await upo.text();
    expect(upo.status).toBe(200);
    expect(upo.headers.get('x-ms-meta-hash')).toBe(sha256b64(upoXml));
    expect(upoIssues(upoXml)).toEqual([]);
    expect(upoXml).toContain(`<NumerKSeFDokumentu>${done.ksefNumber}</NumerKSeFDokumentu>`);
    const viaApi = await client.call('GET', `/sessions/${s.ref}/invoices/${sent.body.referenceNumber}/upo`, { token: access });
    expect(viaApi.text).toBe(upoXml);
    // KSeF's record of the document, by seller and number and by hash: received once, held.
    const received = sim.submissions({ sellerNip: SAMPLE_SELLER_NIP, invoiceNumber: number });
    expect(received).toEqual([expect.objectContaining({ sessionRef: s.ref, sessionType: 'Online', invoiceRef: sent.body.referenceNumber,
      statusCode: 200, ksefNumber: done.ksefNumber, invoiceHash: sha256b64(xml) })]);
    expect(sim.submissions({ invoiceHash: sha256b64(xml) })).toEqual(received);
  });

  it('closes the session: 170 until processed, then 200 with a session UPO page', async () => {
    const s = await client.openOnline(access);
    await sendAndSettle(s, sampleInvoice(p2()));
    expect((await client.call('POST', `/sessions/online/${s.ref}/close`, { token: access })).status).toBe(204);
    expect((await client.call('GET', `/sessions/${s.ref}`, { token: access })).body.status.code).toBe(170);
    clock.advance(DELAY);
    const st = (await client.call('GET', `/sessions/${s.ref}`, { token: access })).body;
    expect(st.status.code).toBe(200);
    expect(st.successfulInvoiceCount).toBe(1);
    const page = st.upo.pages[0];
    const upo = await client.call('GET', `/sessions/${s.ref}/upo/${page.referenceNumber}`, { token: access });
    expect(upoIssues(upo.text)).toEqual([]);
    expect(upo.headers.get('x-ms-meta-hash')).toBe(sha256b64(upo.text));
    expect((await fetch(page.downloadUrl).then((r) => r.text()))).toBe(upo.text);
    const again = await client.send(access, s, sampleInvoice(p2()));
    expect(again.status).toBe(400);
    expect(again.body.errors[0].code).toBe(21180);
  });

  it('lists sessions by type, status and creation date', async () => {
    const s = await client.openOnline(access);
    const since = encodeURIComponent(clock.now().toISOString());
    const all = await client.call('GET', `/sessions?sessionType=Online&pageSize=100&statuses=InProgress&dateCreatedFrom=${since}`, { token: access });
    expect(all.body.sessions.map((x: any) => x.referenceNumber)).toEqual([s.ref]);
    const none = await client.call('GET', '/sessions?sessionType=Batch', { token: access });
    expect(none.body.sessions).toEqual([]);
  });

  it('answers 440 with the original KSeF number for a second invoice with the same seller, type and P_2', async () => {
    const s = await client.openOnline(access);
    const number = p2();
    const first = await sendAndSettle(s, sampleInvoice(number));
    const dup = await sendAndSettle(s, sampleInvoice(number, (x) => x.replace('<P_1>2026-02-15</P_1>', '<P_1>2026-02-16</P_1>')));
    expect(dup.status.code).toBe(440);
    expect(dup.status.extensions.originalKsefNumber).toBe(first.ksefNumber);
    expect(dup.status.extensions.originalSessionReferenceNumber).toBe(s.ref);
    expect(dup.invoiceNumber).toBe(number);
    // Both sends are in KSeF's record of the document; only the first is held.
    expect(sim.submissions({ sellerNip: SAMPLE_SELLER_NIP, invoiceNumber: number }).map((r) => [r.statusCode, r.ksefNumber]))
      .toEqual([[200, first.ksefNumber], [440, undefined]]);
  });

  it('keeps holding one invoice when the same bytes are sent again, and records both submissions', async () => {
    const s = await client.openOnline(access);
    const number = p2();
    const xml = sampleInvoice(number);
    const held = sim.invoicesHeld(SAMPLE_SELLER_NIP);
    await sendAndSettle(s, xml);
    await sendAndSettle(s, xml);
    expect(sim.invoicesHeld(SAMPLE_SELLER_NIP) - held).toBe(1);
    expect(sim.submissions({ invoiceHash: sha256b64(xml) }).map((r) => r.statusCode)).toEqual([200, 440]);
  });

  it('answers 450 for a schema violation and 430 for a file with a BOM or broken XML', async () => {
    const s = await client.openOnline(access);
    const xsd = await sendAndSettle(s, sampleInvoice(p2(), (x) => x.replace('<RodzajFaktury>VAT', '<RodzajFaktury>NOPE')));
    expect(xsd.status.code).toBe(450);
    const bom = await sendAndSettle(s, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sampleInvoice(p2())]));
    expect(bom.status.code).toBe(430);
    const broken = await sendAndSettle(s, sampleInvoice(p2(), (x) => x.replace('</Faktura>', '')));
    expect(broken.status.code).toBe(430);
    const failed = await client.call('GET', `/sessions/${s.ref}/invoices/failed`, { token: access });
    expect(failed.body.invoices.map((i: any) => i.status.code).sort()).toEqual([430, 430, 450]);
  });

  it('answers 430 for discouraged characters and a non-UTF-8 prolog', async () => {
    const s = await client.openOnline(access);
    const control = await sendAndSettle(s, sampleInvoice(`${p2()}\u0085x\u0080`));
    expect(control.status.code).toBe(430);
    const latin2 = await sendAndSettle(s, sampleInvoice(p2(), (x) => x.replace('encoding="UTF-8"', 'encoding="ISO-8859-2"')));
    expect(latin2.status.code).toBe(430);
  });

  it('rejects a size or hash that does not match the content (21402, 21403)', async () => {
    const s = await client.openOnline(access);
    const xml = sampleInvoice(p2());
    const wrongSize = await client.call('POST', `/sessions/online/${s.ref}/invoices`, { token: access, json: client.sendBody(s, xml, { invoiceSize: xml.length + 1 }) });
    expect(wrongSize.body.errors[0].code).toBe(21402);
    const wrongHash = await client.call('POST', `/sessions/online/${s.ref}/invoices`, { token: access, json: client.sendBody(s, xml, { invoiceHash: sha256b64('other') }) });
    expect(wrongHash.body.errors[0].code).toBe(21403);
  });

  it('marks an invoice Offline when its P_1 is before the send day (§6.10)', async () => {
    const s = await client.openOnline(access);
    const done = await sendAndSettle(s, sampleInvoice(p2()));
    expect(done.invoicingMode).toBe('Offline');
  });

  it('accepts a PascalCase request body like the official C# client sends', async () => {
    const s = await client.openOnline(access);
    const body = client.sendBody(s, sampleInvoice(p2()));
    const pascal = Object.fromEntries(Object.entries(body).map(([k, v]) => [k[0].toUpperCase() + k.slice(1), v]));
    expect((await client.call('POST', `/sessions/online/${s.ref}/invoices`, { token: access, json: pascal })).status).toBe(202);
  });

  it('answers 21470 for an unknown publicKeyId and 415 for an AES key it cannot decrypt', async () => {
    const open = (enc: Record<string, unknown>): Promise<any> => client.call('POST', '/sessions/online', {
      token: access, json: { formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' }, encryption: enc },
    });
    const iv = Buffer.alloc(16).toString('base64');
    const unknownKey = await open({ encryptedSymmetricKey: await client.rsa('symmetric', Buffer.alloc(32)), initializationVector: iv, publicKeyId: sha256b64('nope') });
    expect(unknownKey.body.errors[0].code).toBe(21470);
    const garbage = await open({ encryptedSymmetricKey: Buffer.alloc(256, 1).toString('base64'), initializationVector: iv });
    expect(garbage.status).toBe(201);
    const st = await client.call('GET', `/sessions/${garbage.body.referenceNumber}`, { token: access });
    expect(st.body.status.code).toBe(415);
  });

  it('accepts one technical correction of a rejected invoice and refuses a second one (21166) or one of an accepted invoice (21167)', async () => {
    const s = await client.openOnline(access);
    const number = p2();
    const rejected = sampleInvoice(number, (x) => x.replace('<RodzajFaktury>VAT', '<RodzajFaktury>BAD'));
    expect((await sendAndSettle(s, rejected)).status.code).toBe(450);
    const fixed = sampleInvoice(number);
    const correction = (xml: Buffer, of: Buffer): Promise<any> => client.call('POST', `/sessions/online/${s.ref}/invoices`, {
      token: access, json: client.sendBody(s, xml, { offlineMode: true, hashOfCorrectedInvoice: sha256b64(of) }),
    });
    const first = await correction(fixed, rejected);
    expect(first.status).toBe(202);
    clock.advance(DELAY);
    expect((await client.invoiceStatus(access, s, first.body.referenceNumber)).body.status.code).toBe(200);
    expect((await correction(sampleInvoice(p2()), rejected)).body.errors[0].code).toBe(21166);
    expect((await correction(sampleInvoice(p2()), fixed)).body.errors[0].code).toBe(21167);
  });

  it('closes a session by itself after 12 hours: 440 "Nie przesłano faktur" when nothing was sent', async () => {
    const s = await client.openOnline(access);
    clock.advance(12 * 3600_000 + DELAY + 1);
    // the access token has expired by now; a fresh authentication of the same context sees the session
    const { token } = sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] });
    const op = await client.startTokenAuth(SAMPLE_SELLER_NIP, token);
    clock.advance(DELAY);
    const fresh = (await client.redeem(op.authToken)).access;
    const st = await client.call('GET', `/sessions/${s.ref}`, { token: fresh });
    expect(st.body.status).toMatchObject({ code: 440, details: ['Nie przesłano faktur'] });
    const late = await client.send(fresh, s, sampleInvoice(p2()));
    expect(late.body.errors[0].code).toBe(21180);
    access = fresh;
  });
});

