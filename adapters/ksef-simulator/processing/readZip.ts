import { crc32, inflateRawSync } from 'node:zlib';
import type { ArchiveFile } from './unpackArchive.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

class BrokenZip extends Error {}

/** yauzl's rules, kept so that both paths read the same names: backslashes become slashes; no absolute paths or `..`. */
function fileName(raw: string): string {
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split('/').includes('..')) throw new BrokenZip(`zip: invalid file name ${name}`);
  return name;
}

/** yauzl prefers an Info-ZIP Unicode Path field (0x7075) to the name itself: such entries are left to it. */
function hasUnicodePath(buf: Buffer, from: number, to: number): boolean {
  for (let at = from; at + 4 <= to; at += 4 + buf.readUInt16LE(at + 2)) {
    if (buf.readUInt16LE(at) === 0x7075) return true;
  }
  return false;
}

function findEndOfCentralDirectory(buf: Buffer): number {
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - MAX_16); at--) {
    if (buf.readUInt32LE(at) === EOCD) return at;
  }
  throw new BrokenZip('zip: no end of central directory');
}

/**
 * The files of a plain ZIP (stored or deflated entries, no ZIP64, no encryption, UTF-8 or ASCII names, no Unicode Path field), read from
 * its central directory with one synchronous inflate per entry and checked against their CRC-32 and size: yauzl's
 * stream per entry cost the simulator about a millisecond per invoice. `undefined` for any other ZIP, which yauzl
 * then reads; throws on a broken one.
 */
export function readZip(buf: Buffer): ArchiveFile[] | undefined {
  if (buf.length < 22) throw new BrokenZip('zip: too short');
  const end = findEndOfCentralDirectory(buf);
  const count = buf.readUInt16LE(end + 10);
  const offset = buf.readUInt32LE(end + 16);
  if (count === MAX_16 || offset === MAX_32) return undefined;
  const files: ArchiveFile[] = [];
  let at = offset;
  for (let k = 0; k < count; k++) {
    if (at + 46 > end || buf.readUInt32LE(at) !== CENTRAL) throw new BrokenZip('zip: bad central directory entry');
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraEnd = at + 46 + nameLength + buf.readUInt16LE(at + 30);
    const next = extraEnd + buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const nameBytes = buf.subarray(at + 46, at + 46 + nameLength);
    const utf8 = (flags & 0x800) !== 0 || nameBytes.every((b) => b < 0x80);
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8) || !utf8 || compressedSize === MAX_32 || size === MAX_32 || local === MAX_32) return undefined;
    if (next > end || hasUnicodePath(buf, at + 46 + nameLength, extraEnd)) return undefined;
    const name = fileName(nameBytes.toString('utf8'));
    at = next;
    if (name.endsWith('/')) continue;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw new BrokenZip('zip: bad local header');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressedSize > buf.length) throw new BrokenZip('zip: entry past the end');
    const raw = buf.subarray(start, start + compressedSize);
    // The declared size bounds the inflation: a small entry cannot expand into gigabytes.
    const data = method === 8 ? inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) }) : Buffer.from(raw);
    if (data.length !== size || crc32(data) !== crc) throw new BrokenZip(`zip: ${name} does not match its size or CRC-32`);
    files.push({ name, data });
  }
  return files;
}
