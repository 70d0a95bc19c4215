import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { CsvFileError } from './CsvFileError.js';
import type { CsvEncoding } from './detectEncoding.js';

/**
 * Bytes to text in the given encoding, strictly: a byte sequence that is not valid in that encoding stops the file
 * with GW_CSV_UNDECODABLE naming the byte offset, never a silent U+FFFD in an invoice. A leading BOM is dropped.
 */
export class DecodeStream extends Transform {
  private readonly utf8?: TextDecoder;
  private readonly decoder?: { write(b: Buffer): string; end(): string | undefined };
  private offset = 0;

  constructor(private readonly encoding: CsvEncoding, private readonly file: string) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.setEncoding('utf8');
    if (encoding === 'utf-8') this.utf8 = new TextDecoder('utf-8', { fatal: true });
    else this.decoder = iconv.getDecoder(encoding, { stripBOM: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      const text = this.utf8 ? this.utf8.decode(chunk, { stream: true }) : this.checked(this.decoder!.write(chunk));
      this.offset += chunk.length;
      done(null, text);
    } catch (err) {
      done(this.undecodable(err));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      done(null, this.utf8 ? this.utf8.decode() : this.checked(this.decoder!.end() ?? ''));
    } catch (err) {
      done(this.undecodable(err));
    }
  }

  private checked(text: string): string {
    const bad = text.indexOf('\ufffd');
    if (bad >= 0) throw new Error(`a byte near offset ${this.offset + bad} has no character in ${this.encoding}`);
    return text;
  }

  private undecodable(err: unknown): CsvFileError {
    const reason = err instanceof Error && !(err instanceof TypeError) ? err.message : `bytes near offset ${this.offset} are not valid ${this.encoding}`;
    return new CsvFileError('GW_CSV_UNDECODABLE', `cannot be decoded as ${this.encoding}: ${reason}; declare the file's encoding in the mapping (encoding: windows-1250 | iso-8859-2 | cp852 | utf-8)`, this.file, { cause: err });
  }
}
