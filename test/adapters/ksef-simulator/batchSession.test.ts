/* eslint-disable @typescript-eslint/no-explicit-any -- answers are untyped JSON, checked against openapi.json instead */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import yazl from 'yazl';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { FA3_SAMPLES_DIR, SCHEMAS_DIR } from '../../support/sharedDir.js';
import { ManualClock } from './support/ManualClock.js';
import { login } from './support/login.js';
import { aesEncrypt, SAMPLE_SELLER_NIP, SimTestClient, sampleInvoice, sha256b64 } from './support/SimTestClient.js';
import { upoIssues } from './support/upoXsd.js';

const DELAY = 200;

function zip(files: Record<string, Buffer>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) z.addBuffer(data, name);
  z.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

async function tarGz(files: Record<string, Buffer>): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const [name, data] of Object.entries(files)) pack.entry({ name }, data);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

describe('simulator: batch session', () => {
  let sim: RunningSimulator;
  let client: SimTestClient;
  const clock = new ManualClock();
  let access: string;
  let n = 0;
  const p2 = (): string => `SIMB/${Date.now()}/${++n}`;

  beforeAll(async () => {
    sim = await startSimulator({ schemasDir: SCHEMAS_DIR, now: clock.now, rateLimits: 'off', processingDelayMs: DELAY });
    client = new SimTestClient(sim.baseUrl);
    access = await login(sim, client, clock, SAMPLE_SELLER_NIP, ['InvoiceWrite', 'InvoiceRead'], DELAY);
  });
  afterAll(() => sim.close());

  /** Splits the archive into `parts`, encrypts each part on its own, opens the session; uploads unless told not to. */
  async function openBatch(archive: Buffer, o: { parts?: number; compressionType?: 'Zip' | 'TarGz'; skipUpload?: number } = {}): Promise<string> {
    const key = randomBytes(32);
    const iv = randomBytes(16);
    const count = o.parts ?? 1;
    const size = Math.ceil(archive.length / count);
    const encrypted = Array.from({ length: count }, (_, i) => aesEncrypt(key, iv, archive.subarray(i * size, (i + 1) * size)));
    const keys = await client.publicKeys();
    const r = await client.call('POST', '/sessions/batch', {
      token: access,
      json: {
        formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
        batchFile: { fileSize: archive.length, fileHash: sha256b64(archive), compressionType: o.compressionType ?? 'Zip',
          fileParts: encrypted.map((e, i) => ({ ordinalNumber: i + 1, fileSize: e.length, fileHash: sha256b64(e) })) },
        encryption: { encryptedSymmetricKey: await client.rsa('symmetric', key), initializationVector: iv.toString('base64'), publicKeyId: keys.symmetric.id },
      },
    });
    expect(r.status).toBe(201);
    for (const req of r.body.partUploadRequests) {
      if (req.ordinalNumber === o.skipUpload) continue;
      const put = await fetch(req.url, { method: req.method, headers: req.headers, body: new Uint8Array(encrypted[req.ordinalNumber - 1]) });
      expect(put.status).toBe(201);
    }
    return r.body.referenceNumber;
  }

  /** Waits for the background unpacking (not for time: the clock is manual), then lets the processing delay pass. */
  async function settle(ref: string): Promise<any> {
    await sim.whenIdle();
    clock.advance(DELAY + 1);
    return (await client.call('GET', `/sessions/${ref}`, { token: access })).body;
  }

  it('processes a two-part ZIP: each invoice on its own, named by its file, with a valid session UPO', async () => {
    const numbers = [p2(), p2(), p2()];
    const bad = sampleInvoice(numbers[2], (x) => x.replace('<RodzajFaktury>VAT', '<RodzajFaktury>BAD'));
    const ref = await openBatch(await zip({ 'a.xml': sampleInvoice(numbers[0]), 'b.xml': sampleInvoice(numbers[1]), 'c.xml': bad }), { parts: 2 });
    expect((await client.call('GET', `/sessions/${ref}`, { token: access })).body.status.code).toBe(100);
    expect((await client.call('POST', `/sessions/batch/${ref}/close`, { token: access })).status).toBe(204);
    const st = await settle(ref);
    expect(st.status.code).toBe(200);
    expect([st.invoiceCount, st.successfulInvoiceCount, st.failedInvoiceCount]).toEqual([3, 2, 1]);
    const invoices = (await client.call('GET', `/sessions/${ref}/invoices`, { token: access })).body.invoices;
    expect(invoices.map((i: any) => [i.invoiceFileName, i.status.code])).toEqual([['a.xml', 200], ['b.xml', 200], ['c.xml', 450]]);
    const upo = await fetch(st.upo.pages[0].downloadUrl).then((r) => r.text());
    expect(upoIssues(upo)).toEqual([]);
    expect(upo.match(/<Dokument>/g)).toHaveLength(2);
    // KSeF's record: each invoice of the package received once, in this batch session, with its own outcome.
    expect(numbers.map((invoiceNumber) => sim.submissions({ sellerNip: SAMPLE_SELLER_NIP, invoiceNumber })
      .map((r) => [r.sessionRef, r.sessionType, r.statusCode]))).toEqual([[[ref, 'Batch', 200]], [[ref, 'Batch', 200]], [[ref, 'Batch', 450]]]);
  });

  it('records nothing received for a package that was uploaded but never closed', async () => {
    const invoiceNumber = p2();
    const mark = sim.lastRequestSeq();
    const ref = await openBatch(await zip({ 'a.xml': sampleInvoice(invoiceNumber) }));
    await sim.whenIdle();
    expect(sim.requestsReceived(mark).map((r) => r.method + ' ' + r.path.replace(/\?.*/, ''))).toEqual(
      expect.arrayContaining([`PUT /storage/batch/${ref}/1`]));
    expect(sim.submissions({ sellerNip: SAMPLE_SELLER_NIP, invoiceNumber })).toEqual([]);
  });

  it('reads tar.gz packages', async () => {
    const ref = await openBatch(await tarGz({ 'x.xml': sampleInvoice(p2()) }), { compressionType: 'TarGz' });
    await client.call('POST', `/sessions/batch/${ref}/close`, { token: access });
    expect((await settle(ref)).status.code).toBe(200);
  });

  it('refuses to close while a declared part is missing (21205)', async () => {
    const ref = await openBatch(await zip({ 'a.xml': sampleInvoice(p2()) }), { parts: 2, skipUpload: 2 });
    const r = await client.call('POST', `/sessions/batch/${ref}/close`, { token: access });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe(21205);
  });

  it('ends with 430 when the package is not an archive', async () => {
    const ref = await openBatch(randomBytes(500));
    await client.call('POST', `/sessions/batch/${ref}/close`, { token: access });
    expect((await settle(ref)).status.code).toBe(430);
  });

  it('accepts an invoice with attachments only once attachments are enabled for the context (415 before)', async () => {
    const withAttachment = (): Buffer => Buffer.from(readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_24.xml'), 'utf8')
      .replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${p2()}</P_2>`), 'utf8');
    const before = await openBatch(await zip({ 'z.xml': withAttachment() }));
    await client.call('POST', `/sessions/batch/${before}/close`, { token: access });
    await settle(before);
    expect(sim.sessionInvoices(before)[0].status.code).toBe(415);
    sim.enableAttachments(SAMPLE_SELLER_NIP);
    const after = await openBatch(await zip({ 'z.xml': withAttachment() }));
    await client.call('POST', `/sessions/batch/${after}/close`, { token: access });
    expect((await settle(after)).status.code).toBe(200);
  });

  it('rejects an upload to a URL whose signature was tampered with', async () => {
    const archive = await zip({ 'a.xml': sampleInvoice(p2()) });
    const ref = await openBatch(archive, { skipUpload: 1 });
    const url = `${sim.baseUrl.replace('/v2', '')}/storage/batch/${ref}/1?se=9999999999&sig=00`;
    expect((await fetch(url, { method: 'PUT', body: new Uint8Array(archive) })).status).toBe(403);
  });

  it('refuses an upload after the window of 20 minutes per part', async () => {
    const archive = await zip({ 'a.xml': sampleInvoice(p2()) });
    const key = randomBytes(32);
    const iv = randomBytes(16);
    const enc = aesEncrypt(key, iv, archive);
    const r = await client.call('POST', '/sessions/batch', {
      token: access,
      json: { formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
        batchFile: { fileSize: archive.length, fileHash: sha256b64(archive), fileParts: [{ ordinalNumber: 1, fileSize: enc.length, fileHash: sha256b64(enc) }] },
        encryption: { encryptedSymmetricKey: await client.rsa('symmetric', key), initializationVector: iv.toString('base64') } },
    });
    clock.advance(20 * 60_000 + 1000);
    const put = await fetch(r.body.partUploadRequests[0].url, { method: 'PUT', body: new Uint8Array(enc) });
    expect(put.status).toBe(403);
  });

  it('rejects more than 50 parts (21161)', async () => {
    access = await login(sim, client, clock, SAMPLE_SELLER_NIP, ['InvoiceWrite', 'InvoiceRead'], DELAY);
    const part = { fileSize: 16, fileHash: sha256b64('x') };
    const r = await client.call('POST', '/sessions/batch', {
      token: access,
      json: { formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
        batchFile: { fileSize: 100, fileHash: sha256b64('y'), fileParts: Array.from({ length: 51 }, (_, i) => ({ ordinalNumber: i + 1, ...part })) },
        encryption: { encryptedSymmetricKey: await client.rsa('symmetric', randomBytes(32)), initializationVector: randomBytes(16).toString('base64') } },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe(21161);
  });
});

