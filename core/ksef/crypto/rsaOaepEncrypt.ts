import { constants, publicEncrypt, type KeyObject } from 'node:crypto';

/** RSAES-OAEP with SHA-256 and MGF1-SHA-256, empty label (PROTOCOL.md §3.2, §4.3). */
export function rsaOaepEncrypt(key: KeyObject, plaintext: Uint8Array): Buffer {
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plaintext);
}
