/* eslint-disable @typescript-eslint/no-explicit-any -- answers are untyped JSON, checked against openapi.json instead */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import yauzl from 'yauzl';
import { assertRequestConforms } from '../../../support/openapiConformance.js';
import { sha256b64, type SimTestClient } from './SimTestClient.js';

export interface ExportKey { key: Buffer; iv: Buffer }

/** Starts an export with a fresh AES key; the request body is checked against openapi.json. */
export async function startExport(client: SimTestClient, access: string, filters: unknown, extra: Record<string, unknown> = {}): Promise<{ status: number; body: any; key: ExportKey }> {
  const key = { key: randomBytes(32), iv: randomBytes(16) };
  const json = {
    encryption: { encryptedSymmetricKey: await client.rsa('symmetric', key.key), initializationVector: key.iv.toString('base64'), publicKeyId: (await client.publicKeys()).symmetric.id },
    filters, ...extra,
  };
  assertRequestConforms('POST', '/invoices/exports', json);
  const r = await client.call('POST', '/invoices/exports', { token: access, json });
  return { status: r.status, body: r.body, key };
}

/** Downloads every part (checking x-ms-meta-hash and both hashes), decrypts each on its own, and joins them. */
export async function downloadPackage(client: SimTestClient, pkg: any, key: ExportKey): Promise<Buffer> {
  const plain: Buffer[] = [];
  for (const part of pkg.parts) {
    const res = await fetch(part.url);
    if (res.status !== 200) throw new Error(`part ${part.ordinalNumber}: ${res.status}`);
    const enc = Buffer.from(await res.arrayBuffer());
    if (res.headers.get('x-ms-meta-hash') !== part.encryptedPartHash || sha256b64(enc) !== part.encryptedPartHash) throw new Error('encrypted part hash');
    const d = createDecipheriv('aes-256-cbc', key.key, key.iv);
    const p = Buffer.concat([d.update(enc), d.final()]);
    if (sha256b64(p) !== part.partHash || p.length !== part.partSize) throw new Error('part hash');
    plain.push(p);
  }
  return Buffer.concat(plain);
}

/** Files of a ZIP, read with yauzl (not the simulator's reader). */
export function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip'));
      const files = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Files of a .tar.gz, read with tar-stream. */
export async function untarGz(buf: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tarStream.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        files.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(gunzipSync(buf));
  await done;
  return files;
}
