import fc from 'fast-check';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { writeFa3 } from '../../../core/fa3/Fa3Writer.js';
import { Fa3XsdValidator } from '../../../core/fa3/validation/Fa3XsdValidator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { anyFa3Invoice } from './fa3SchemaArbitrary.js';

describe('FA(3) property: random instances of the whole schema (every element, choice and group)', () => {
  let validator: Fa3XsdValidator;
  beforeAll(async () => {
    validator = await Fa3XsdValidator.load(SCHEMAS_DIR);
  });
  afterAll(() => validator.dispose());

  it('are written as XSD-valid XML and read back into the same model', () => {
    fc.assert(
      fc.property(anyFa3Invoice, (inv) => {
        const xml = writeFa3(inv);
        expect(validator.validate(xml)).toEqual([]);
        const back = readFa3(xml);
        expect(back).toEqual(inv);
        expect(writeFa3(JSON.parse(JSON.stringify(back)))).toBe(xml);
      }),
      { numRuns: 150 },
    );
  });
});
