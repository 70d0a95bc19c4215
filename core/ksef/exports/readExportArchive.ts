import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tarStream from 'tar-stream';
import yauzl from 'yauzl';
import { GatewayError } from '../../errors/GatewayError.js';
import type { ExportCompression } from '../types/exports.js';

export interface ArchiveEntry { readonly name: string; readonly bytes: Buffer }

const METADATA = '_metadata.json';

function broken(cause: unknown): GatewayError {
  return new GatewayError('GW_KSEF_EXPORT_ARCHIVE', 'data', 'Export package is not a readable archive', { cause });
}

function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** ZIP entries one at a time from the file (yauzl reads the central directory, then each entry on demand). */
async function* zipEntries(file: string, wanted: (name: string) => boolean): AsyncGenerator<ArchiveEntry> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: true }, (e, z) => (e || !z ? reject(broken(e)) : resolve(z))));
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        const onEntry = (en: yauzl.Entry): void => { cleanup(); resolve(en); };
        const onEnd = (): void => { cleanup(); resolve(undefined); };
        const onError = (err: unknown): void => { cleanup(); reject(broken(err)); };
        const cleanup = (): void => { zip.off('entry', onEntry); zip.off('end', onEnd); zip.off('error', onError); };
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
      });
      if (!entry) return;
      if (entry.fileName.endsWith('/') || !wanted(entry.fileName)) continue;
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (e, s) => (e || !s ? reject(broken(e)) : resolve(s))));
      yield { name: entry.fileName, bytes: await readStream(stream) };
    }
  } finally {
    zip.close();
  }
}

/** tar.gz entries streamed from the file through gunzip; each pass reads the file again rather than keeping it. */
async function* tarEntries(file: string, wanted: (name: string) => boolean): AsyncGenerator<ArchiveEntry> {
  const extract = tarStream.extract();
  const feeding = pipeline(createReadStream(file), createGunzip(), extract).catch((e: unknown) => { throw broken(e); });
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (entry.header.type !== 'file' || !wanted(name)) {
        entry.resume();
        continue;
      }
      yield { name, bytes: await readStream(entry as unknown as NodeJS.ReadableStream) };
    }
  } finally {
    extract.destroy();
    await feeding.catch(() => undefined);
  }
}

/**
 * An export package on disk (the decrypted parts joined): `_metadata.json` first, then the invoice files one at a
 * time. Neither the package nor its invoices are held in memory together.
 */
export class ExportArchive {
  constructor(readonly file: string, readonly compression: ExportCompression) {}

  entries(wanted: (name: string) => boolean): AsyncGenerator<ArchiveEntry> {
    return this.compression === 'TarGz' ? tarEntries(this.file, wanted) : zipEntries(this.file, wanted);
  }

  /** `invoices` of `_metadata.json`; a package without it is refused (KSeF always includes it since 2025-10-27). */
  async metadata<T>(): Promise<T[]> {
    for await (const e of this.entries((n) => n === METADATA)) {
      try {
        return (JSON.parse(e.bytes.toString('utf8')) as { invoices: T[] }).invoices;
      } catch (cause) {
        throw new GatewayError('GW_KSEF_EXPORT_METADATA', 'data', 'Export package has an unreadable _metadata.json', { cause });
      }
    }
    throw new GatewayError('GW_KSEF_EXPORT_METADATA', 'data', 'Export package has no _metadata.json');
  }

  /** The invoice files, `{ksefNumber}.xml`, as `{ ksefNumber, bytes }`. */
  async *invoices(): AsyncGenerator<{ ksefNumber: string; bytes: Buffer }> {
    for await (const e of this.entries((n) => n.endsWith('.xml'))) yield { ksefNumber: e.name.replace(/^.*\//, '').slice(0, -4), bytes: e.bytes };
  }
}
