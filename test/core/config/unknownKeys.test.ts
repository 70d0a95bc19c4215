import { z } from 'zod';
import { closest, unknownKeys } from '../../../core/config/unknownKeys.js';

describe('unknownKeys', () => {
  it('names a near miss for a typo and lists the known keys when nothing is near', () => {
    expect(closest('batchMaxWaitMS', ['batchMaxWaitMs', 'tickMs'])).toBe('batchMaxWaitMs');
    expect(closest('zzzz', ['port', 'host'])).toBeUndefined();
    const schema = z.object({ a: z.object({ port: z.number() }).optional(), list: z.array(z.object({ id: z.string() })) });
    expect(unknownKeys(schema, { a: { prot: 1 }, list: [{ id: 'x' }, { idd: 'y' }], qqqqqq: 1 }, 'options')).toEqual([
      'options.a.prot: unknown key (did you mean port?)',
      'options.list[1].idd: unknown key (did you mean id?)',
      'options.qqqqqq: unknown key (known: a, list)',
    ]);
  });

  it('leaves objects that accept any key alone', () => {
    expect(unknownKeys(z.looseObject({ a: z.string() }), { a: 'x', b: 1 })).toEqual([]);
    expect(unknownKeys(z.object({}).catchall(z.string()), { b: 'x' })).toEqual([]);
  });
});
