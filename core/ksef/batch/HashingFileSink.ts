import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface WrittenFile {
  readonly path: string;
  readonly size: number;
  /** Base64 SHA-256 of the bytes written. */
  readonly hash: string;
}

/** Streams `source` (through optional transforms) into `path`, hashing and counting what lands on disk. */
export async function writeHashed(source: Readable | NodeJS.ReadableStream, path: string, ...transforms: Transform[]): Promise<WrittenFile> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline([source, ...transforms, meter, createWriteStream(path)]);
  return { path, size, hash: hash.digest('base64') };
}
