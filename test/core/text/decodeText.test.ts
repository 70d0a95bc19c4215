import iconv from 'iconv-lite';
import { decodeText } from '../../../core/text/decodeText.js';
import { decodeXml } from '../../../core/text/decodeXml.js';

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('decodeText', () => {
  it('returns UTF-8 text unchanged, a byte order mark kept as U+FEFF', () => {
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'Zażółć'))).toEqual({ ok: true, text: '\uFEFFZażółć', encoding: 'UTF-8', transcoded: false });
  });

  it.each([
    ['a Windows-1250 ó', bytes('ąę\nKrak', [0xf3], 'w'), { byte: 9, line: 2, column: 5 }],
    ['a sequence cut at the end', bytes('abc', [0xe2, 0x82]), { byte: 3, line: 1, column: 4 }],
    ['an overlong encoding', bytes('x', [0xc0, 0x80]), { byte: 1, line: 1, column: 2 }],
    ['an encoded surrogate', bytes('€', [0xed, 0xa0, 0x80]), { byte: 3, line: 1, column: 2 }],
    ['a lone continuation byte', bytes('\n\n', [0x80]), { byte: 2, line: 3, column: 1 }],
  ])('refuses %s with its byte, line and column, never a replacement character', (_label, input, position) => {
    const decoded = decodeText(input, { source: 'f.csv' });
    expect(decoded).toMatchObject({ ok: false, error: { code: 'GW_TEXT_INVALID_UTF8', position } });
    if (!decoded.ok) expect(decoded.error.message).toMatch(new RegExp(`^f\\.csv: line ${position.line}, column ${position.column} \\(byte ${position.byte}\\)`));
  });

  it('refuses a declared legacy encoding unless transcoding is allowed, and an unknown one always', () => {
    const cp = iconv.encode('Kraków', 'windows-1250');
    expect(decodeText(cp, { encoding: 'windows-1250' })).toMatchObject({ ok: false, error: { code: 'GW_TEXT_ENCODING_REFUSED' } });
    expect(decodeText(cp, { encoding: 'x-martian', otherEncodings: 'transcode' })).toMatchObject({ ok: false, error: { code: 'GW_TEXT_ENCODING_UNKNOWN' } });
  });

  it.each(['windows-1250', 'ISO-8859-2', 'cp852'])('transcodes %s exactly: every Polish letter, and the bytes come back the same', (encoding) => {
    const text = 'Zażółć gęślą jaźń ZAŻÓŁĆ GĘŚLĄ JAŹŃ\r\n1 234,56 zł';
    const decoded = decodeText(iconv.encode(text, encoding), { encoding, otherEncodings: 'transcode' });
    expect(decoded).toEqual({ ok: true, text, encoding, transcoded: true });
  });

  it('refuses a byte the code page leaves undefined instead of turning it into U+FFFD', () => {
    const decoded = decodeText(bytes('ab\nc', [0x98]), { encoding: 'windows-1250', otherEncodings: 'transcode' });
    expect(decoded).toMatchObject({ ok: false, error: { code: 'GW_TEXT_NOT_IN_ENCODING', position: { byte: 4, line: 2, column: 2 } } });
  });
});

describe('decodeXml', () => {
  it('reads the declared encoding and says UTF-8 in the declaration of the transcoded text', () => {
    const xml = "<?xml version='1.0' encoding='ISO-8859-2'?><a>Łódź</a>";
    expect(decodeXml(iconv.encode(xml, 'iso-8859-2'), { otherEncodings: 'transcode' })).toMatchObject({ ok: true, text: "<?xml version='1.0' encoding='UTF-8'?><a>Łódź</a>" });
    expect(decodeXml(iconv.encode(xml, 'iso-8859-2'))).toMatchObject({ ok: false, error: { code: 'GW_TEXT_ENCODING_REFUSED' } });
  });

  it('takes UTF-16 from its byte order mark and drops the mark with the transcoding', () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><a>Łódź</a>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    expect(decodeXml(le, { otherEncodings: 'transcode' })).toMatchObject({ ok: true, text: xml.replace('UTF-16', 'UTF-8') });
  });

  it('leaves UTF-8 documents exactly as they are, BOM included (the file checks report it)', () => {
    const xml = bytes([0xef, 0xbb, 0xbf], '<?xml version="1.0" encoding="utf-8"?><a>ż</a>');
    expect(decodeXml(xml)).toEqual({ ok: true, text: '\uFEFF<?xml version="1.0" encoding="utf-8"?><a>ż</a>', encoding: 'UTF-8', transcoded: false });
  });
});
