import { createCipheriv, randomBytes } from 'node:crypto';

/** A fresh AES-256 key and IV (PROTOCOL.md §3.2); one per session. */
export interface SymmetricKey {
  readonly key: Buffer;
  readonly iv: Buffer;
}

export function newSymmetricKey(): SymmetricKey {
  return { key: randomBytes(32), iv: randomBytes(16) };
}

/** AES-256-CBC with PKCS#7 padding; the IV is sent apart, never prefixed to the ciphertext. */
export function aesCbcEncrypt(k: SymmetricKey, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-cbc', k.key, k.iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

/** Ciphertext length for a plaintext length: PKCS#7 always adds 1..16 bytes. */
export function aesCbcEncryptedSize(plainSize: number): number {
  return (Math.floor(plainSize / 16) + 1) * 16;
}
