import type { ServiceIdentifier } from 'inversify';
import type { SecretValue } from './SecretValue.js';

/** 'certificate' entries hold what engineer G's credential import defines (e.g. PKCS#8 key + certificate). */
export type CredentialKind = 'token' | 'certificate';

/** active: usable; invalid/revoked: KSeF refused it, the context's sending is paused until a new one is added. */
export type CredentialStatus = 'active' | 'invalid' | 'revoked';

/** Everything about a credential except its value: safe to print and to log. */
export interface CredentialInfo {
  readonly contextNip: string;
  readonly kind: CredentialKind;
  readonly referenceNumber?: string;
  readonly permissions: readonly string[];
  /** KSeF's own status of the token (Active, Revoked, ...) when last asked. */
  readonly ksefStatus?: string;
  readonly status: CredentialStatus;
  readonly statusReason?: string;
  readonly lastAuthenticatedAt?: string;
  /**
   * When a token stops being valid (ISO 8601), as the operator stated it when adding it: KSeF's API gives no validity
   * for tokens today (DECISIONS.md 23). Certificates carry theirs in the certificate itself and leave this unset.
   */
  readonly expiresAt?: string;
  readonly addedAt: string;
  readonly updatedAt: string;
}

export interface NewCredential {
  readonly contextNip: string;
  readonly kind: CredentialKind;
  readonly secret: SecretValue;
  readonly referenceNumber?: string;
  readonly permissions?: readonly string[];
  readonly ksefStatus?: string;
  /** ISO 8601; see CredentialInfo.expiresAt. */
  readonly expiresAt?: string;
}

/** Credentials per context NIP, encrypted at rest. Adding one replaces the previous one of that kind and makes it active. */
export interface CredentialVault {
  put(credential: NewCredential): Promise<CredentialInfo>;
  /** The value, for authentication only; undefined when none is stored. */
  secret(contextNip: string, kind: CredentialKind): Promise<SecretValue | undefined>;
  info(contextNip: string, kind: CredentialKind): Promise<CredentialInfo | undefined>;
  list(): Promise<CredentialInfo[]>;
  markStatus(contextNip: string, kind: CredentialKind, status: CredentialStatus, reason?: string): Promise<void>;
  recordAuthentication(contextNip: string, kind: CredentialKind, at: Date): Promise<void>;
  recordKsefStatus(contextNip: string, kind: CredentialKind, ksefStatus: string): Promise<void>;
  remove(contextNip: string, kind: CredentialKind): Promise<boolean>;
  close(): Promise<void>;
}

export const CREDENTIAL_VAULT = Symbol.for('ksef-gateway/vault/CredentialVault') as ServiceIdentifier<CredentialVault>;
