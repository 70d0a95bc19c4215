import type { ContextIdentifier } from './ContextIdentifier.js';

export type TokenPermission =
  | 'InvoiceRead' | 'InvoiceWrite' | 'CredentialsRead' | 'CredentialsManage'
  | 'SubunitManage' | 'EnforcementOperations' | 'Introspection';

export type TokenStatus = 'Pending' | 'Active' | 'Revoking' | 'Revoked' | 'Failed';

export interface GenerateTokenRequest {
  readonly permissions: readonly TokenPermission[];
  /** 5..256 characters. */
  readonly description: string;
}

/** The only place a token value leaves KSeF: show it once, store it in the vault, never log it. */
export interface GeneratedToken {
  readonly referenceNumber: string;
  readonly token: string;
}

export interface TokenInfo {
  readonly referenceNumber: string;
  readonly authorIdentifier: { readonly type: 'Nip' | 'Pesel' | 'Fingerprint'; readonly value: string };
  readonly contextIdentifier: ContextIdentifier;
  readonly description: string;
  readonly requestedPermissions: readonly TokenPermission[];
  readonly dateCreated: string;
  readonly lastUseDate?: string | null;
  readonly status: TokenStatus;
  readonly statusDetails?: readonly string[] | null;
}

export interface TokenListFilters {
  readonly status?: readonly TokenStatus[];
  readonly description?: string;
  readonly authorIdentifier?: string;
  readonly authorIdentifierType?: 'Nip' | 'Pesel' | 'Fingerprint';
  readonly pageSize?: number;
}

export interface TokenListPage {
  readonly tokens: readonly TokenInfo[];
  readonly continuationToken?: string | null;
}
