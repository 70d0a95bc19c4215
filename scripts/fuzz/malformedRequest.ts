import fc from 'fast-check';

const TARGETS = ['//', '///', '//[', '//a:b@', '//x:99999/', '/v2/sessions/%ZZ', '/v2/sessions/%E0%A4%A', '/v2/../../etc/passwd', '/%00', '*',
  'http://evil/v2/sessions', '/v2/sessions/online/%2F%2E%2E/invoices', '/storage/batch/x/1?se=1&sig=00', '/v2/auth/challenge', '/v2/sessions/online',
  '/v2/invoices/query/metadata', `/${'a/'.repeat(2000)}`, '/v2/sessions?sessionType=Online&pageSize=-1', '/v2/tokens'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'G\u00c9T', 'CONNECT'];

/** Raw HTTP/1.1 requests, mostly malformed: odd targets, methods, lengths, encodings, tokens and bodies. */
export function malformedRequest(): fc.Arbitrary<Buffer> {
  const target = fc.oneof(fc.constantFrom(...TARGETS), fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => `/${s.replace(/[\r\n ]/g, '')}`),
    fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => `/v2/sessions/${s}`));
  const header = fc.oneof(
    fc.constantFrom('Content-Length: 50000000', 'Content-Length: -1', 'Content-Length: abc', 'Transfer-Encoding: chunked', 'Transfer-Encoding: gzip',
      'Authorization: Bearer x.y.z', 'Authorization: Bearer eyJhbGciOiJub25lIn0.eyJ0eXAiOiJDb250ZXh0VG9rZW4ifQ.', 'Authorization: Basic Og==',
      'Content-Type: application/json; charset=utf-16', 'X-Error-Format: problem-details', 'Expect: 100-continue', 'Host:'),
    fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), fc.string({ maxLength: 60 })).map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, '')}`),
  );
  const body = fc.oneof(fc.constant(''), fc.json({ maxDepth: 4 }), fc.constantFrom('{', '[]', 'null', '{"challenge":1}', '\u0000\u0001'),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')));
  return fc.tuple(fc.constantFrom(...METHODS), target, fc.array(header, { maxLength: 5 }), body).map(([method, t, headers, b]) => {
    const length = headers.some((h) => /^(content-length|transfer-encoding):/i.test(h)) ? [] : [`Content-Length: ${Buffer.byteLength(b, 'latin1')}`];
    return Buffer.from(`${method} ${t} HTTP/1.1\r\nHost: 127.0.0.1\r\n${[...headers, ...length, 'Connection: close'].join('\r\n')}\r\n\r\n${b}`, 'latin1');
  });
}
