import { constants, createDecipheriv, createHmac, hash, privateDecrypt, type KeyObject } from 'node:crypto';

// The one-shot hash(): a Hash object per call cost as much as hashing a whole invoice.
export const sha256b64 = (data: Buffer | string): string => hash('sha256', data, 'base64');

/** RSAES-OAEP with SHA-256 and MGF1-SHA-256, empty label, as KSeF uses for tokens and AES keys. */
export function rsaOaepDecrypt(key: KeyObject, ciphertext: Buffer): Buffer {
  return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ciphertext);
}

/** AES-256-CBC with PKCS#7; the IV travels separately, never as a prefix. */
export function aesDecrypt(key: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** `secret` as a KeyObject made once: HMAC then skips importing the raw key on every call (about half its cost). */
export function hmacHex(secret: Buffer | KeyObject, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

/** Strict Base64 (standard alphabet, padded): KSeF's `format: byte`. */
export function decodeBase64(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
  return Buffer.from(value, 'base64');
}
