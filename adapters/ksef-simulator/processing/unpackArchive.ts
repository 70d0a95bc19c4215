import { gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import tarStream from 'tar-stream';
import yauzl from 'yauzl';
import { readZip } from './readZip.js';

export interface ArchiveFile { name: string; data: Buffer }

function unzip(buf: Buffer): Promise<ArchiveFile[]> {
  return new Promise((resolve, reject) => {
    try {
      const plain = readZip(buf);
      if (plain) return resolve(plain);
    } catch (e) {
      return reject(e);
    }
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip'));
      const files: ArchiveFile[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('zip entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            files.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

function untarGz(buf: Buffer): Promise<ArchiveFile[]> {
  return new Promise((resolve, reject) => {
    let tar: Buffer;
    try {
      tar = gunzipSync(buf);
    } catch (e) {
      return reject(e);
    }
    const files: ArchiveFile[] = [];
    const extract = tarStream.extract();
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => void chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') files.push({ name: header.name, data: Buffer.concat(chunks) });
        next();
      });
      stream.resume();
    });
    extract.on('finish', () => resolve(files));
    extract.on('error', reject);
    Readable.from([tar]).pipe(extract);
  });
}

/** The files of a batch package (ZIP by default, tar.gz since 2.6.0), in archive order; rejects a broken archive. */
export function unpackArchive(buf: Buffer, type: 'Zip' | 'TarGz'): Promise<ArchiveFile[]> {
  return type === 'Zip' ? unzip(buf) : untarGz(buf);
}
