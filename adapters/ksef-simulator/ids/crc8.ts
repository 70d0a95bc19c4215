/** CRC-8 (poly 0x07, init 0x00, no reflection, no xor-out) as KSeF uses it for KSeF and reference numbers. */
export function crc8(text: string): number {
  let crc = 0;
  for (const byte of Buffer.from(text, 'ascii')) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

export function crc8Hex(text: string): string {
  return crc8(text).toString(16).toUpperCase().padStart(2, '0');
}
