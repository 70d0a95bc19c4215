import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_VECTORS_DIR } from '../../../support/sharedDir.js';
import { crc8Hex } from '../../../../core/ksef/crypto/crc8.js';
import { isValidKsefNumber, isValidReferenceNumber } from '../../../../core/ksef/crypto/ksefIdentifiers.js';

const vectors = (name: string) => JSON.parse(readFileSync(join(TEST_VECTORS_DIR, name), 'utf8')) as { valid: string[] };

describe('KSeF identifiers', () => {
  it('accepts every official KSeF number vector (CRC-8 over the first 32 chars)', () => {
    const { valid } = vectors('ksef-number-crc8.json');
    expect(valid.length).toBeGreaterThan(0);
    for (const n of valid) expect(isValidKsefNumber(n)).toBe(true);
  });

  it('accepts every reference number vector (CRC-8 over the first 33 chars)', () => {
    const { valid } = vectors('reference-number-crc8.json');
    expect(valid.length).toBeGreaterThan(0);
    for (const n of valid) expect(isValidReferenceNumber(n)).toBe(true);
  });

  it('rejects a KSeF number with one digit changed', () => {
    const good = vectors('ksef-number-crc8.json').valid[0];
    const bad = good.slice(0, 5) + (good[5] === '9' ? '8' : '9') + good.slice(6);
    expect(isValidKsefNumber(bad)).toBe(false);
  });

  it('computes the standard CRC-8/SMBUS check value', () => {
    expect(crc8Hex('123456789')).toBe('F4');
  });
});
