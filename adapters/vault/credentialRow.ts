import type { CredentialInfo, CredentialKind, CredentialStatus } from '../../core/vault/CredentialVault.js';

/** One row of the `credentials` table, as both the SQLite and the PostgreSQL vault store it. */
export interface CredentialRow {
  context_nip: string; kind: string; sealed: Buffer; reference_number: string | null; permissions: string;
  ksef_status: string | null; status: string; status_reason: string | null; last_auth_at: string | null;
  /** Migration 90; null: no expiry recorded. */
  expires_at: string | null;
  added_at: string; updated_at: string;
}

/** What a row may tell about a credential: everything but the sealed value. */
export function credentialInfoFromRow(r: CredentialRow): CredentialInfo {
  return {
    contextNip: r.context_nip, kind: r.kind as CredentialKind, referenceNumber: r.reference_number ?? undefined,
    permissions: JSON.parse(r.permissions) as string[], ksefStatus: r.ksef_status ?? undefined,
    status: r.status as CredentialStatus, statusReason: r.status_reason ?? undefined,
    lastAuthenticatedAt: r.last_auth_at ?? undefined,
    ...(r.expires_at ? { expiresAt: r.expires_at } : {}), addedAt: r.added_at, updatedAt: r.updated_at,
  };
}
