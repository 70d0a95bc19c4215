import { createCipheriv } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { GatewayError } from '../../errors/GatewayError.js';
import type { SymmetricKey } from '../crypto/aesCbc.js';
import { writeHashed, type WrittenFile } from './HashingFileSink.js';

export const MAX_PART_SIZE = 100_000_000;
export const MAX_PARTS = 50;
export const MAX_PACKAGE_SIZE = 5_000_000_000;

export interface EncryptedPart extends WrittenFile {
  readonly ordinalNumber: number;
}

/**
 * Splits the archive into at most 50 parts of at most 100 MB (before encryption) and encrypts each part on its
 * own with the session key and IV (PROTOCOL.md §7 steps 3-4); split rule as in the docs:
 * `partCount = ceil(len / max)`, `partSize = ceil(len / partCount)`.
 */
export async function encryptParts(archive: WrittenFile, key: SymmetricKey, dir: string, maxPartSize = MAX_PART_SIZE): Promise<EncryptedPart[]> {
  if (archive.size > MAX_PACKAGE_SIZE) {
    throw new GatewayError('GW_KSEF_BATCH_TOO_LARGE', 'data', `Batch package of ${archive.size} bytes exceeds KSeF's 5 GB`);
  }
  const partCount = Math.ceil(archive.size / maxPartSize);
  if (partCount > MAX_PARTS) {
    throw new GatewayError('GW_KSEF_BATCH_TOO_MANY_PARTS', 'data', `Batch package needs ${partCount} parts, KSeF accepts ${MAX_PARTS}`);
  }
  const partSize = Math.ceil(archive.size / partCount);
  const parts: EncryptedPart[] = [];
  for (let i = 0; i < partCount; i++) {
    const start = i * partSize;
    const end = Math.min(archive.size, start + partSize) - 1;
    const source = createReadStream(archive.path, { start, end });
    const written = await writeHashed(source, join(dir, `part-${i + 1}.aes`), createCipheriv('aes-256-cbc', key.key, key.iv));
    parts.push({ ...written, ordinalNumber: i + 1 });
  }
  return parts;
}
