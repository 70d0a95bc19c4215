import { crc8Hex } from './crc8.js';

const KSEF_NUMBER = /^\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/;
const REFERENCE_NUMBER = /^\d{8}-[A-Z]{2}-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$/;

/** A 35-character KSeF 2.0 number whose CRC-8 over the first 32 characters matches (PROTOCOL.md §6.9). */
export function isValidKsefNumber(value: string): boolean {
  return KSEF_NUMBER.test(value) && crc8Hex(value.slice(0, 32)) === value.slice(33);
}

/** A 36-character reference number whose CRC-8 over the first 33 characters matches (PROTOCOL.md §2.1). */
export function isValidReferenceNumber(value: string): boolean {
  return REFERENCE_NUMBER.test(value) && crc8Hex(value.slice(0, 33)) === value.slice(34);
}
