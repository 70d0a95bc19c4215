import { PassThrough, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGzip } from 'node:zlib';
import { join } from 'node:path';
import yazl from 'yazl';
import tar from 'tar-stream';
import { GatewayError } from '../../errors/GatewayError.js';
import { sha256Base64 } from '../crypto/sha256Base64.js';
import type { BatchFileEntry, BatchInvoice } from '../types/sessions.js';
import { writeHashed, type WrittenFile } from './HashingFileSink.js';

export interface BuiltArchive extends WrittenFile {
  readonly files: BatchFileEntry[];
}

/** Keeps the archive writer from buffering more than this before the disk catches up. */
const HIGH_WATER = 8 * 1024 * 1024;

/**
 * Streams the invoices into one ZIP or tar.gz file in `dir` (PROTOCOL.md §7 step 1-2). Each invoice's bytes are
 * referenced, not copied, and written out as they come, so a large package is never held in memory.
 */
export async function buildArchive(
  invoices: AsyncIterable<BatchInvoice> | Iterable<BatchInvoice>,
  format: 'zip' | 'tar.gz',
  dir: string,
): Promise<BuiltArchive> {
  const files: BatchFileEntry[] = [];
  const names = new Set<string>();
  const out = new PassThrough({ highWaterMark: HIGH_WATER });
  const add = format === 'zip' ? zipWriter(out) : tarWriter(out);
  const written = writeHashed(out, join(dir, format === 'zip' ? 'package.zip' : 'package.tar.gz'), ...(format === 'tar.gz' ? [createGzip()] : []));
  try {
    for await (const invoice of invoices) {
      const name = invoice.fileName;
      if (!name || /[\\/]/.test(name) || names.has(name)) {
        throw new GatewayError('GW_KSEF_BATCH_FILE_NAME', 'data', `Batch file name "${name}" is empty, contains a path separator or repeats`, { location: name });
      }
      names.add(name);
      const bytes = Buffer.from(invoice.bytes.buffer, invoice.bytes.byteOffset, invoice.bytes.byteLength);
      files.push({ fileName: name, invoiceHash: sha256Base64(bytes), size: bytes.length });
      await add.entry(name, bytes);
    }
    if (files.length === 0) throw new GatewayError('GW_KSEF_BATCH_EMPTY', 'data', 'A batch needs at least one invoice');
    add.end();
  } catch (err) {
    out.destroy(err as Error);
    await written.catch(() => undefined);
    throw err;
  }
  return { ...(await written), files };
}

interface ArchiveWriter {
  entry(name: string, bytes: Buffer): Promise<void>;
  end(): void;
}

function zipWriter(out: PassThrough): ArchiveWriter {
  const zip = new yazl.ZipFile();
  zip.outputStream.pipe(out);
  let pending = 0;
  return {
    async entry(name, bytes) {
      zip.addBuffer(bytes, name, { compress: true, mtime: new Date(0) });
      // yazl writes without backpressure; wait while the output is far ahead of the disk.
      if (++pending % 64 === 0) {
        while ((zip.outputStream as Readable).readableLength + out.readableLength > HIGH_WATER) await sleep(1);
      }
    },
    end: () => zip.end(),
  };
}

function tarWriter(out: PassThrough): ArchiveWriter {
  const pack = tar.pack();
  pack.pipe(out);
  return {
    entry: (name, bytes) => new Promise<void>((resolve, reject) => {
      pack.entry({ name, size: bytes.length, mtime: new Date(0) }, bytes, (err) => (err ? reject(err) : resolve()));
    }),
    end: () => pack.finalize(),
  };
}
