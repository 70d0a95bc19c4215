import { parseJsonText } from '../../../core/plugin-api/index.js';

describe('parseJsonText', () => {
  it('reads a file that starts with a byte-order mark instead of reporting an unexpected token', () => {
    expect(parseJsonText('\uFEFF{"a":1}', 'FV-1.json')).toEqual({ a: 1 });
  });

  it('names the document for any other JSON fault and parses good JSON', () => {
    expect(() => parseJsonText('{ a', 'FV-2.json')).toThrow(/^FV-2\.json: not valid JSON: /);
    expect(parseJsonText('{"a":1}', 'x')).toEqual({ a: 1 });
  });
});
