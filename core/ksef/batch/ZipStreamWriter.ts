import { crc32, deflateRawSync } from 'node:zlib';
import { GatewayError } from '../../errors/GatewayError.js';

interface CentralEntry {
  readonly name: Buffer;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly method: number;
  readonly offset: number;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (1 << 5) | 1; // 1980-01-01: fixed, so the same invoices give the same package bytes
const UTF8_NAMES = 0x0800;
const MAX_32 = 0xffffffff;

/**
 * A minimal streaming ZIP writer (PKWARE APPNOTE 6.3, no ZIP64): each entry is deflated on its own, written
 * at once, and only its central-directory record (~60 bytes) is kept. yazl compresses every queued buffer
 * eagerly and kept 10,000 zlib contexts alive (2.3 GB RSS); this keeps memory flat. Packages above 4 GB or
 * 65,535 files need ZIP64: use tar.gz for those.
 */
export class ZipStreamWriter {
  private readonly entries: CentralEntry[] = [];
  private offset = 0;

  /** Returns the local header and data of one file, to be written in order; `deflated` if already compressed. */
  entry(fileName: string, data: Uint8Array, deflated: Buffer = deflateRawSync(data)): Buffer[] {
    const name = Buffer.from(fileName, 'utf8');
    // Tiny or incompressible files are stored, as every zip tool does.
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const crc = crc32(data);
    if (this.offset > MAX_32 || this.entries.length >= 0xffff) {
      throw new GatewayError('GW_KSEF_ZIP_TOO_LARGE', 'data', 'ZIP package exceeds 4 GB or 65,535 files; use the tar.gz format');
    }
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(data.byteLength, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    this.entries.push({ name, crc, compressedSize: body.length, size: data.byteLength, method, offset: this.offset });
    this.offset += header.length + name.length + body.length;
    return [header, name, body];
  }

  /** The central directory and end record. */
  finish(): Buffer {
    const records: Buffer[] = [];
    let size = 0;
    for (const e of this.entries) {
      const r = Buffer.alloc(46);
      r.writeUInt32LE(0x02014b50, 0);
      r.writeUInt16LE(20, 4);
      r.writeUInt16LE(20, 6);
      r.writeUInt16LE(UTF8_NAMES, 8);
      r.writeUInt16LE(e.method, 10);
      r.writeUInt16LE(DOS_TIME, 12);
      r.writeUInt16LE(DOS_DATE, 14);
      r.writeUInt32LE(e.crc, 16);
      r.writeUInt32LE(e.compressedSize, 20);
      r.writeUInt32LE(e.size, 24);
      r.writeUInt16LE(e.name.length, 28);
      // extra, comment, disk number, internal and external attributes: all zero
      r.writeUInt32LE(e.offset, 42);
      records.push(r, e.name);
      size += r.length + e.name.length;
    }
    if (this.offset > MAX_32) throw new GatewayError('GW_KSEF_ZIP_TOO_LARGE', 'data', 'ZIP package exceeds 4 GB; use the tar.gz format');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(this.offset, 16);
    return Buffer.concat([...records, end]);
  }
}
