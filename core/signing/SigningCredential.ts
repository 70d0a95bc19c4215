import type { webcrypto } from 'node:crypto';

/**
 * A certificate with its private key, ready to sign (XAdES auth, KOD II). The private key is a
 * non-extractable WebCrypto key: once loaded, no code path can print or serialise it.
 */
export type SignatureScheme = 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA';

export interface SigningCredential {
  /** The DER certificate whose public key matches `privateKey`. */
  readonly certificateDer: Uint8Array;
  readonly privateKey: webcrypto.CryptoKey;
  readonly scheme: SignatureScheme;
  /** Always SHA-256 today: accepted by KSeF for every scheme (PROTOCOL.md §4.4). */
  readonly hash: 'SHA-256';
}

/** Raw material as read from a PKCS#12 or PEM files, before import. Callers drop it once imported. */
export interface KeyMaterial {
  readonly certificateDer: Uint8Array;
  /** Further certificates of the chain, if the container had them. */
  readonly chainDer: readonly Uint8Array[];
  readonly privateKeyPkcs8: Uint8Array;
}
