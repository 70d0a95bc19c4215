import type { KeyObject } from 'node:crypto';

export type PublicKeyUsage = 'KsefTokenEncryption' | 'SymmetricKeyEncryption';

/** An MF public key chosen for one usage (PROTOCOL.md §3.1). */
export interface SelectedPublicKey {
  readonly usage: PublicKeyUsage;
  /** Base64 SHA-256 of the DER SubjectPublicKeyInfo, sent back as `publicKeyId`. */
  readonly publicKeyId: string;
  readonly key: KeyObject;
  readonly validTo: string;
}

export interface PublicKeyProvider {
  get(usage: PublicKeyUsage, signal?: AbortSignal): Promise<SelectedPublicKey>;
  /** Drops the cache, e.g. after KSeF answered 21470 (unknown or withdrawn key). */
  invalidate(): void;
}
