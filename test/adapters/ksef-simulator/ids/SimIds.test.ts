import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc8Hex } from '../../../../adapters/ksef-simulator/ids/crc8.js';
import { hasValidChecksum, newKsefNumber, newReferenceNumber } from '../../../../adapters/ksef-simulator/ids/SimIds.js';
import { TEST_VECTORS_DIR } from '../../../support/sharedDir.js';

const vectors = (file: string): string[] => (JSON.parse(readFileSync(join(TEST_VECTORS_DIR, file), 'utf8')) as { valid: string[] }).valid;

describe('simulator ids', () => {
  it.each(vectors('ksef-number-crc8.json'))('computes the CRC-8 of the official KSeF number %s', (n) => {
    expect(crc8Hex(n.slice(0, 32))).toBe(n.slice(33));
  });

  it.each(vectors('reference-number-crc8.json'))('computes the CRC-8 of the official reference number %s', (n) => {
    expect(crc8Hex(n.slice(0, 33))).toBe(n.slice(34));
  });

  it('issues KSeF numbers and reference numbers of the official shape with a valid checksum', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const k = newKsefNumber('5265877635', at);
    expect(k).toMatch(/^5265877635-20260301-[0-9A-F]{12}-[0-9A-F]{2}$/);
    expect(hasValidChecksum(k)).toBe(true);
    const r = newReferenceNumber('SO', at);
    expect(r).toMatch(/^20260301-SO-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$/);
    expect(hasValidChecksum(r)).toBe(true);
    expect(hasValidChecksum(r.slice(0, -2) + (r.endsWith('00') ? '01' : '00'))).toBe(false);
  });
});
