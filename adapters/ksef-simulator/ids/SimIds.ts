import { randomBytes } from 'node:crypto';
import { crc8Hex } from './crc8.js';

/** Two-letter type codes of KSeF reference numbers (CR challenge, AU auth, SO/SB sessions, EE invoice, EU UPO page, EC token). */
export type RefType = 'CR' | 'AU' | 'SO' | 'SB' | 'EE' | 'EU' | 'EC' | 'EH';

// Random bytes drawn a pool at a time: one randomBytes call per identifier cost more than the rest of making it.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let used = 0;

function hex(bytes: number): string {
  if (used + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    used = 0;
  }
  used += bytes;
  return pool.toString('hex', used - bytes, used).toUpperCase();
}

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

/** `YYYYMMDD-XX-HHHHHHHHHH-HHHHHHHHHH-CC`, CC = CRC-8 of the first 33 characters. */
export function newReferenceNumber(type: RefType, now: Date): string {
  const body = `${ymd(now)}-${type}-${hex(5)}-${hex(5)}`;
  return `${body}-${crc8Hex(body)}`;
}

/** `NIP-YYYYMMDD-HHHHHHHHHHHH-CC`, CC = CRC-8 of the first 32 characters. */
export function newKsefNumber(sellerNip: string, now: Date): string {
  const body = `${sellerNip}-${ymd(now)}-${hex(6)}`;
  return `${body}-${crc8Hex(body)}`;
}

export function hasValidChecksum(id: string): boolean {
  const cut = id.lastIndexOf('-');
  return cut > 0 && crc8Hex(id.slice(0, cut)) === id.slice(cut + 1);
}
