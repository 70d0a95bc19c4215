/** CRC-8, polynomial 0x07, init 0x00, no reflection: the check digits of KSeF and reference numbers. */
export function crc8(text: string): number {
  let crc = 0;
  for (const byte of Buffer.from(text, 'ascii')) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

export function crc8Hex(text: string): string {
  return crc8(text).toString(16).toUpperCase().padStart(2, '0');
}
