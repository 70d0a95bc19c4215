import type { DocumentState, OutcomeError } from '../../core/plugin-api/types.js';
import type { SessionKind, SessionRecord, SessionState, SubmissionRecord } from '../../core/pipeline/ports/SubmissionStore.js';

export interface PgDocumentRow {
  id: string; source: string; erp_id: string; state: string; urgent: boolean; context_nip: string | null;
  seller_nip: string | null; invoice_kind: string | null; invoice_number: string | null; issue_date: string | null;
  has_attachment: boolean; invoice_hash: string | null; invoice_size: number | null; session_ref: string | null;
  invoice_ref: string | null; ksef_number: string | null; acquisition_date: string | null; upo_path: string | null;
  errors: string; warnings: string; attempts: number; delivery_attempts: number; next_delivery_at: number; created_at: number;
  updated_at: number; xml?: Buffer | null; upo?: Buffer | null;
}

export interface PgSessionRow {
  ref: string; owner: string; context_nip: string; kind: string; state: string; valid_until: number; invoice_count: number;
  status_code: number | null; upo_path: string | null; upo_pages: number; next_poll_at: number; poll_attempts: number;
  created_at: number; updated_at: number;
}

/** Every column but the XML, which only a claim needs. */
export const PG_DOCUMENT_COLUMNS = `id, source, erp_id, state, urgent, context_nip, seller_nip, invoice_kind, invoice_number,
  issue_date, has_attachment, invoice_hash, invoice_size, session_ref, invoice_ref, ksef_number, acquisition_date,
  upo_path, errors, warnings, attempts, delivery_attempts, next_delivery_at, created_at, updated_at`;

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function toPgDocument(r: PgDocumentRow): SubmissionRecord {
  return {
    id: r.id, source: r.source, erpId: r.erp_id, state: r.state as DocumentState, urgent: r.urgent,
    contextNip: opt(r.context_nip),
    key: r.seller_nip !== null && r.invoice_kind !== null && r.invoice_number !== null
      ? { sellerNip: r.seller_nip, invoiceKind: r.invoice_kind, invoiceNumber: r.invoice_number } : undefined,
    issueDate: opt(r.issue_date), hasAttachment: r.has_attachment, invoiceHash: opt(r.invoice_hash),
    invoiceSize: opt(r.invoice_size), sessionRef: opt(r.session_ref), invoiceRef: opt(r.invoice_ref),
    ksefNumber: opt(r.ksef_number), acquisitionDate: opt(r.acquisition_date), upoPath: opt(r.upo_path),
    errors: JSON.parse(r.errors) as OutcomeError[], ...(r.warnings !== '[]' && { warnings: JSON.parse(r.warnings) as OutcomeError[] }),
    attempts: r.attempts, deliveryAttempts: r.delivery_attempts,
    nextDeliveryAt: r.next_delivery_at, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export function toPgSession(r: PgSessionRow): SessionRecord {
  return {
    ref: r.ref, owner: r.owner, contextNip: r.context_nip, kind: r.kind as SessionKind, state: r.state as SessionState,
    validUntil: r.valid_until, invoiceCount: r.invoice_count, statusCode: opt(r.status_code), upoPath: opt(r.upo_path),
    upoPages: r.upo_pages > 0 ? r.upo_pages : undefined,
    nextPollAt: r.next_poll_at, pollAttempts: r.poll_attempts, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
