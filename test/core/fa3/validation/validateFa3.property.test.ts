import fc from 'fast-check';
import { validateFa3 } from '../../../../core/fa3/validation/validateFa3.js';
import { NOW, sampleBytes } from '../rules/sampleInvoices.js';

describe('validateFa3 on arbitrary input', () => {
  it('never throws on random bytes and calls them invalid', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const r = validateFa3(bytes, { now: NOW });
      expect(r.valid).toBe(false);
      expect(r.issues.length).toBeGreaterThan(0);
    }), { numRuns: 300 });
  });

  it('never throws on a sample cut or spliced at random places', () => {
    const text = sampleBytes('FA_3_Przyklad_4.xml').toString('utf8');
    fc.assert(fc.property(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 20 }), (a, b, insert) => {
      const [from, to] = a < b ? [a, b] : [b, a];
      const r = validateFa3(text.slice(0, from) + insert + text.slice(to), { now: NOW });
      expect(typeof r.valid).toBe('boolean');
      for (const i of r.issues) expect(i.code).toMatch(/^FA3_/);
    }), { numRuns: 300 });
  });
});
