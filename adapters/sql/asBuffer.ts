/** better-sqlite3 binds only a Buffer as a BLOB; the port hands UPO bytes as any Uint8Array (no copy is made). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
