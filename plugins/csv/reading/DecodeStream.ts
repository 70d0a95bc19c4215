import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { CsvFileError } from './CsvFileError.js';
import { SINGLE_BYTE_ENCODINGS, type CsvEncoding } from './detectEncoding.js';

/** A file's bytes, chunk by chunk, to UTF-8 bytes; `offset` is where the chunk starts in the file. */
interface Transcoder {
  write(chunk: Buffer, offset: number): Buffer;
  /** What is left at the end of the file; throws when the file ends inside a character. */
  end(offset: number): Buffer;
}

/**
 * A file's bytes, in the given encoding, to UTF-8 bytes for the CSV parser, strictly: a byte sequence that is not
 * valid in that encoding stops the file with GW_CSV_UNDECODABLE naming the byte offset, never a silent U+FFFD in an
 * invoice. A leading BOM is dropped.
 *
 * Bytes go to bytes, not through a string: a chunk decoded to a string and encoded again for the parser made large
 * strings, which V8 keeps in its large-object space until a full collection (25 MB of the gateway's peak heap on a
 * 100,000-row file). UTF-8 is only checked and passed through; the Polish code pages go through a 256-entry table.
 */
export class DecodeStream extends Transform {
  private readonly transcoder: Transcoder;
  private offset = 0;

  constructor(private readonly encoding: CsvEncoding, private readonly file: string) {
    super();
    const table = SINGLE_BYTE_TABLES.get(encoding);
    this.transcoder = encoding === 'utf-8' ? new Utf8Check() : table ? new SingleByteTranscoder(table(), encoding) : new ViaString(encoding);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      const bytes = this.transcoder.write(chunk, this.offset);
      this.offset += chunk.length;
      done(null, bytes);
    } catch (err) {
      done(this.undecodable(err));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      done(null, this.transcoder.end(this.offset));
    } catch (err) {
      done(this.undecodable(err));
    }
  }

  private undecodable(err: unknown): CsvFileError {
    const reason = err instanceof Error ? err.message : `bytes near offset ${this.offset} are not valid ${this.encoding}`;
    return new CsvFileError('GW_CSV_UNDECODABLE', `cannot be decoded as ${this.encoding}: ${reason}; declare the file's encoding in the mapping (encoding: windows-1250 | iso-8859-2 | cp852 | utf-8)`, this.file, { cause: err });
  }
}

/** UTF-8 is checked and passed through; a character cut at the end of a chunk waits for the next one. */
class Utf8Check implements Transcoder {
  private carry: Buffer | undefined;
  private first = true;

  write(chunk: Buffer, offset: number): Buffer {
    let bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = offset - (this.carry?.length ?? 0);
    if (this.first && bytes.length > 0) {
      this.first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) { bytes = bytes.subarray(3); start += 3; }
    }
    const complete = completeUtf8Length(bytes);
    const head = bytes.subarray(0, complete);
    this.carry = complete < bytes.length ? Buffer.from(bytes.subarray(complete)) : undefined;
    if (!isUtf8(head)) throw new Error(`bytes near offset ${start + firstInvalidUtf8(head)} are not valid utf-8`);
    return head;
  }

  end(offset: number): Buffer {
    if (this.carry) throw new Error(`the file ends inside a character (offset ${offset - this.carry.length})`);
    return Buffer.alloc(0);
  }
}

/** The length of `bytes` without a UTF-8 character cut off at its end (at most three bytes are held back). */
function completeUtf8Length(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needs > back ? n - back : n;
  }
  return n; // no lead byte in the last three: invalid anyway, and isUtf8 says so
}

/** Where the first invalid sequence of `bytes` starts: only asked once a check has failed. */
function firstInvalidUtf8(bytes: Buffer): number {
  const text = new TextDecoder('utf-8').decode(bytes);
  const bad = text.indexOf('\ufffd');
  return bad < 0 ? 0 : Buffer.byteLength(text.slice(0, bad));
}

/** Per byte value: its UTF-8 bytes (up to 3) and their count, 0 where the code page leaves the byte undefined. */
interface SingleByteTable { readonly utf8: Uint8Array; readonly length: Uint8Array }

function singleByteTable(encoding: CsvEncoding): () => SingleByteTable {
  let table: SingleByteTable | undefined;
  return () => {
    if (table) return table;
    const utf8 = new Uint8Array(256 * 3);
    const length = new Uint8Array(256);
    for (let b = 0; b < 256; b++) {
      const ch = iconv.decode(Buffer.from([b]), encoding);
      if (ch === '\ufffd') continue;
      const bytes = Buffer.from(ch, 'utf8');
      utf8.set(bytes, b * 3);
      length[b] = bytes.length;
    }
    table = { utf8, length };
    return table;
  };
}

const SINGLE_BYTE_TABLES = new Map<CsvEncoding, () => SingleByteTable>(SINGLE_BYTE_ENCODINGS.map((e) => [e, singleByteTable(e)]));

/** Windows-1250, ISO-8859-2, CP852: byte by byte through the code page's table. */
class SingleByteTranscoder implements Transcoder {
  constructor(private readonly table: SingleByteTable, private readonly encoding: CsvEncoding) {}

  write(chunk: Buffer, offset: number): Buffer {
    const { utf8, length } = this.table;
    const out = Buffer.allocUnsafe(chunk.length * 3);
    let o = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      const n = length[b];
      if (n === 1) { out[o++] = utf8[b * 3]; continue; }
      if (n === 0) throw new Error(`a byte near offset ${offset + i} has no character in ${this.encoding}`);
      out[o++] = utf8[b * 3];
      out[o++] = utf8[b * 3 + 1];
      if (n === 3) out[o++] = utf8[b * 3 + 2];
    }
    return out.subarray(0, o);
  }

  end(): Buffer {
    return Buffer.alloc(0);
  }
}

/** UTF-16: through iconv-lite's decoder and a string (rare in ERP exports; the decoder carries a cut character). */
class ViaString implements Transcoder {
  private readonly decoder;

  constructor(private readonly encoding: CsvEncoding) {
    this.decoder = iconv.getDecoder(encoding, { stripBOM: true });
  }

  write(chunk: Buffer, offset: number): Buffer {
    return this.checked(this.decoder.write(chunk), offset);
  }

  end(offset: number): Buffer {
    return this.checked(this.decoder.end() ?? '', offset);
  }

  private checked(text: string, offset: number): Buffer {
    const bad = text.indexOf('\ufffd');
    if (bad >= 0) throw new Error(`a byte near offset ${offset + bad * 2} has no character in ${this.encoding}`);
    return Buffer.from(text, 'utf8');
  }
}
