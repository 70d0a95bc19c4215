import { createHash } from 'node:crypto';

/** Base64 SHA-256: KSeF's invoiceHash, fileHash and x-ms-meta-hash (PROTOCOL.md §3.3). */
export function sha256Base64(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}
