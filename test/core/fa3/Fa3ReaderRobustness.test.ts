import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { FA3_SAMPLES_DIR } from '../../support/sharedDir.js';

const sample = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8');

/** Either a model or a data GatewayError with a GW_FA3_ code: never a TypeError, never a crash. */
function readOrDataError(input: string | Uint8Array): void {
  try {
    readFa3(input, 'fuzz');
  } catch (e) {
    expect(GatewayError.is(e)).toBe(true);
    expect((e as GatewayError).kind).toBe('data');
    expect((e as GatewayError).code).toMatch(/^GW_FA3_/);
    expect((e as GatewayError).message).toMatch(/^fuzz: /);
  }
}

describe('readFa3 on anything that is not FA(3)', () => {
  it.each(['', 'hello', '<?xml version="1.0"?>', '{"Fa":{}}', '<Faktura/>', '<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"/>'])(
    'answers %j with a data error or an (empty) model',
    (input) => readOrDataError(input),
  );

  it('reads an empty FA(3) root as an empty model', () => {
    expect(readFa3('<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"/>')).toEqual({});
  });

  it('answers random text and random bytes with a data error', () => {
    fc.assert(fc.property(fc.string(), (s) => readOrDataError(s)), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => readOrDataError(b)), { numRuns: 300 });
  });

  it('answers a truncated or spliced sample with a data error or a model', () => {
    fc.assert(
      fc.property(fc.nat(sample.length), fc.nat(sample.length), fc.string({ maxLength: 20 }), (a, b, insert) => {
        readOrDataError(sample.slice(0, a));
        readOrDataError(sample.slice(0, Math.min(a, b)) + insert + sample.slice(Math.max(a, b)));
      }),
      { numRuns: 300 },
    );
  });
});
