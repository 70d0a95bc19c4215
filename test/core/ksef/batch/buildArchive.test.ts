import { createDecipheriv, createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import yauzl from 'yauzl';
import tar from 'tar-stream';
import { buildArchive } from '../../../../core/ksef/batch/buildArchive.js';
import { encryptParts } from '../../../../core/ksef/batch/encryptParts.js';
import { newSymmetricKey } from '../../../../core/ksef/crypto/aesCbc.js';
import { GatewayError } from '../../../../core/errors/GatewayError.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'ksef-test-')); });
afterEach(() => rm(dir, { recursive: true, force: true }));

const invoices = (n: number) => Array.from({ length: n }, (_, i) => ({
  fileName: `inv-${i}.xml`,
  bytes: Buffer.from(`<Faktura><P_2>FV/${i}</P_2>${'x'.repeat(i % 97)}</Faktura>`),
}));

async function* slowly<T>(items: T[]): AsyncIterable<T> { for (const i of items) yield i; }

function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => zip.openReadStream(e, (err2, s) => {
        if (err2) return reject(err2);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c)).on('end', () => { out.set(e.fileName, Buffer.concat(chunks)); zip.readEntry(); });
      }));
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

function untar(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    const ex = tar.extract();
    ex.on('entry', (h, s, next) => { const c: Buffer[] = []; s.on('data', (d: unknown) => c.push(d as Buffer)).on('end', () => { out.set(h.name, Buffer.concat(c)); next(); }); });
    ex.on('finish', () => resolve(out)).on('error', reject);
    ex.end(buf);
  });
}

describe('batch package', () => {
  it('zips every invoice byte for byte and reports size and hash of the whole archive', async () => {
    const list = invoices(300);
    const archive = await buildArchive(slowly(list), 'zip', dir);
    const bytes = await readFile(archive.path);
    expect(archive.size).toBe(bytes.length);
    expect(archive.hash).toBe(createHash('sha256').update(bytes).digest('base64'));
    const files = await unzip(bytes);
    expect(files.size).toBe(300);
    for (const inv of list) expect(files.get(inv.fileName)).toEqual(inv.bytes);
    expect(archive.files[7]).toEqual({ fileName: 'inv-7.xml', invoiceHash: createHash('sha256').update(list[7].bytes).digest('base64'), size: list[7].bytes.length });
  });

  it('writes a ZIP that an independent unzip accepts (CRCs, sizes, central directory)', async () => {
    const archive = await buildArchive(invoices(50), 'zip', dir);
    const unzipBin = ['/usr/bin/unzip', '/bin/unzip'].find((p) => existsSync(p));
    if (!unzipBin) return; // yauzl above checks the structure too; this adds Info-ZIP where it is installed
    const out = execFileSync(unzipBin, ['-t', archive.path], { encoding: 'utf8' });
    expect(out).toContain('No errors detected');
    expect(out.match(/OK/g)).toHaveLength(50);
  });

  it('builds a tar.gz alternatively', async () => {
    const list = invoices(20);
    const archive = await buildArchive(list, 'tar.gz', dir);
    const files = await untar(gunzipSync(await readFile(archive.path)));
    for (const inv of list) expect(files.get(inv.fileName)).toEqual(inv.bytes);
  });

  it('splits into parts, each encrypted on its own, that decrypt and concatenate back to the archive', async () => {
    const archive = await buildArchive(invoices(500), 'zip', dir);
    const key = newSymmetricKey();
    const maxPart = Math.ceil(archive.size / 3);
    const parts = await encryptParts(archive, key, dir, maxPart);
    expect(parts.map((p) => p.ordinalNumber)).toEqual([1, 2, 3]);
    const plain: Buffer[] = [];
    for (const p of parts) {
      const enc = await readFile(p.path);
      expect(p.size).toBe(enc.length);
      expect(p.hash).toBe(createHash('sha256').update(enc).digest('base64'));
      const d = createDecipheriv('aes-256-cbc', key.key, key.iv);
      const part = Buffer.concat([d.update(enc), d.final()]);
      expect(part.length).toBeLessThanOrEqual(maxPart);
      plain.push(part);
    }
    expect(Buffer.concat(plain)).toEqual(await readFile(archive.path));
  });

  it('refuses more than 50 parts', async () => {
    const archive = await buildArchive(invoices(200), 'zip', dir);
    await expect(encryptParts(archive, newSymmetricKey(), dir, Math.floor(archive.size / 51))).rejects.toMatchObject({ code: 'GW_KSEF_BATCH_TOO_MANY_PARTS' });
  });

  it('names the file when two invoices share a file name', async () => {
    const list = [...invoices(2), { fileName: 'inv-0.xml', bytes: Buffer.from('<a/>') }];
    const err = await buildArchive(list, 'zip', dir).catch((e: unknown) => e);
    expect(GatewayError.is(err, 'GW_KSEF_BATCH_FILE_NAME')).toBe(true);
    expect((err as GatewayError).location).toBe('inv-0.xml');
  });
});
