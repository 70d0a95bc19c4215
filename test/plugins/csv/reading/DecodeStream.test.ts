import { Readable } from 'node:stream';
import { text as readText } from 'node:stream/consumers';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { CsvFileError } from '../../../../plugins/csv/reading/CsvFileError.js';
import { DecodeStream } from '../../../../plugins/csv/reading/DecodeStream.js';
import type { CsvEncoding } from '../../../../plugins/csv/reading/detectEncoding.js';

/** `bytes` fed to a DecodeStream in chunks of `size` bytes; what comes out, read as UTF-8. */
async function decode(bytes: Buffer, encoding: CsvEncoding, size = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return readText(Readable.from(chunks, { objectMode: false }).pipe(new DecodeStream(encoding, 'f.csv')));
}

const POLISH = 'Zażółć gęślą jaźń; ZAŻÓŁĆ GĘŚLĄ JAŹŃ\r\n"Łódź, ul. Piotrkowska 100";12 345,67 zł\r\n';

describe('DecodeStream: a file in its encoding to UTF-8 bytes', () => {
  it.each(['windows-1250', 'iso-8859-2', 'cp852'] as const)('gives for every defined byte of %s the character iconv-lite gives', async (encoding) => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, b) => b).filter((b) => iconv.decode(Buffer.from([b]), encoding) !== '\ufffd'));
    expect(await decode(bytes, encoding)).toBe(iconv.decode(bytes, encoding));
    expect(await decode(Buffer.from(iconv.encode(POLISH, encoding)), encoding, 7)).toBe(POLISH);
  });

  it('passes UTF-8 through whatever the chunk boundaries, a character cut between chunks included, and drops a BOM', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 1, max: 9 }), async (text, size) => {
      expect(await decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8', size)).toBe(text);
    }), { numRuns: 200 });
    expect(await decode(Buffer.from(POLISH, 'utf8'), 'utf-8', 1)).toBe(POLISH);
  });

  it('decodes UTF-16LE with its BOM', async () => {
    expect(await decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POLISH, 'utf16le')]), 'utf-16le', 3)).toBe(POLISH);
  });

  it('refuses a byte the code page leaves undefined, naming its offset in the file', async () => {
    const bytes = Buffer.concat([iconv.encode('abc;', 'windows-1250'), Buffer.alloc(70_000, 0x61), Buffer.from([0x98])]);
    const error = await decode(bytes, 'windows-1250').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFileError);
    expect(error).toMatchObject({ code: 'GW_CSV_UNDECODABLE', message: expect.stringContaining(`a byte near offset ${bytes.length - 1} has no character in windows-1250`) });
  });

  it('refuses bytes that are not UTF-8, naming where they start, and a file that ends inside a character', async () => {
    const bad = Buffer.concat([Buffer.from('żółw;', 'utf8'), Buffer.from([0xc3, 0x28])]);
    for (const size of [1, 4, 64]) {
      expect(await decode(bad, 'utf-8', size).catch((e: unknown) => e)).toMatchObject({
        code: 'GW_CSV_UNDECODABLE', message: expect.stringContaining(`bytes near offset ${Buffer.byteLength('żółw;')} are not valid utf-8`),
      });
    }
    const cut = Buffer.from('żółw', 'utf8').subarray(0, 5); // ż, ó and the first byte of ł
    expect(await decode(cut, 'utf-8').catch((e: unknown) => e)).toMatchObject({ code: 'GW_CSV_UNDECODABLE', message: expect.stringContaining('the file ends inside a character (offset 4)') });
  });
});
