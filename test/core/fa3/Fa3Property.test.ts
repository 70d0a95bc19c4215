import fc from 'fast-check';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { writeFa3 } from '../../../core/fa3/Fa3Writer.js';
import { Fa3XsdValidator } from '../../../core/fa3/validation/Fa3XsdValidator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { faktura } from './fa3Arbitraries.js';

/** The model's canonical form: undefined properties and empty arrays mean "element absent". */
function canonical<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (Array.isArray(x) && x.length === 0 ? undefined : x))) as T;
}

describe('FA(3) property: random valid VAT/KOR models', () => {
  let validator: Fa3XsdValidator;
  beforeAll(async () => {
    validator = await Fa3XsdValidator.load(SCHEMAS_DIR);
  });
  afterAll(() => validator.dispose());

  it('are written as XSD-valid XML', () => {
    fc.assert(
      fc.property(faktura, (inv) => {
        expect(validator.validate(writeFa3(inv))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('read back into the same model, and write the same bytes again', () => {
    fc.assert(
      fc.property(faktura, (inv) => {
        const xml = writeFa3(inv);
        const back = readFa3(xml);
        expect(back).toEqual(canonical(inv));
        expect(writeFa3(back)).toBe(xml);
        expect(writeFa3(JSON.parse(JSON.stringify(back)))).toBe(xml);
      }),
      { numRuns: 300 },
    );
  });
});
