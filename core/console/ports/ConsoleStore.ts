import type { ServiceIdentifier } from 'inversify';
import type { DocumentState } from '../../plugin-api/types.js';

export type ConsoleRole = 'viewer' | 'operator';

export interface ConsoleUser {
  readonly username: string;
  /** The encoded hash (`passwords.ts`), never the password. */
  readonly passwordHash: string;
  readonly role: ConsoleRole;
  readonly failedAttempts: number;
  /** Epoch ms; sign-in is refused before it. */
  readonly lockedUntil: number;
  readonly lastLoginAt?: number;
  readonly createdAt: number;
}

export interface ConsoleSession {
  /** SHA-256 of the cookie's value: a copy of the table gives nobody a session. */
  readonly idHash: string;
  readonly username: string;
  readonly role: ConsoleRole;
  /** The session's CSRF token, echoed by every form. */
  readonly csrf: string;
  readonly expiresAt: number;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: number;
  readonly username: string;
  /** e.g. `sign-in`, `document.retry`, `credential.revoke`. */
  readonly action: string;
  readonly target?: string;
  readonly outcome: 'ok' | 'refused' | 'failed';
  readonly detail?: string;
  readonly remote?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq'>;

/** What the documents page may filter on; every filter rides on an index (migration 45). */
export interface ConsoleDocumentQuery {
  readonly erpId?: string;
  readonly invoiceNumber?: string;
  readonly ksefNumber?: string;
  readonly contextNip?: string;
  readonly state?: DocumentState;
  /** created_at >= from and < to (epoch ms). */
  readonly createdFrom?: number;
  readonly createdTo?: number;
  /** Keyset: continue after this document (exclusive), newest first. */
  readonly before?: { readonly createdAt: number; readonly id: string };
  readonly limit: number;
}

export interface ConsoleDocumentRow {
  readonly id: string;
  readonly source: string;
  readonly erpId: string;
  readonly state: DocumentState;
  readonly contextNip?: string;
  readonly invoiceNumber?: string;
  readonly issueDate?: string;
  readonly ksefNumber?: string;
  readonly errorCount: number;
  /** Only in `failuresOf`: when the document failed (its keyset). */
  readonly failedAt?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface HistoryEntry {
  readonly from?: DocumentState;
  readonly to: DocumentState;
  readonly instance?: string;
  readonly at: number;
}

export interface ContextFacts {
  readonly contextNip: string;
  readonly counts: Readonly<Partial<Record<DocumentState, number>>>;
  /** The oldest document not yet settled by KSeF (received, queued, sending, sent). */
  readonly oldestWaiting?: { readonly id: string; readonly erpId: string; readonly createdAt: number; readonly state: DocumentState };
  /** The last time a document of the context was accepted by KSeF. */
  readonly lastAcceptedAt?: number;
  readonly pausedReason?: string;
  readonly pausedAt?: number;
}

export interface FailureGroup {
  readonly code: string;
  readonly count: number;
  readonly lastAt: number;
  /** One message of the group, as an example. */
  readonly example?: string;
}

/**
 * The console's own tables and read models in the gateway's store (SQLite or PostgreSQL): users, sessions, the audit
 * log, and the document searches the outbox port does not offer.
 */
export interface ConsoleStore {
  putUser(user: { username: string; passwordHash: string; role: ConsoleRole; now: number }): Promise<void>;
  getUser(username: string): Promise<ConsoleUser | undefined>;
  listUsers(): Promise<ConsoleUser[]>;
  /** Counts a failed sign-in; locks until `lockUntil` when given. Returns the new count. */
  recordFailedSignIn(username: string, now: number, lockUntil?: number): Promise<number>;
  recordSignIn(username: string, now: number): Promise<void>;

  createSession(s: { idHash: string; username: string; csrf: string; expiresAt: number; now: number }): Promise<void>;
  /** The live session with its user's current role; undefined when unknown or expired. */
  getSession(idHash: string, now: number): Promise<ConsoleSession | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of a user (password changed) and the expired ones. */
  deleteSessionsOf(username: string): Promise<void>;

  audit(entry: NewAuditEntry): Promise<void>;
  /** Newest first. */
  listAudit(q: { before?: number; limit: number }): Promise<AuditEntry[]>;

  searchDocuments(q: ConsoleDocumentQuery): Promise<ConsoleDocumentRow[]>;
  history(id: string): Promise<HistoryEntry[]>;
  contextFacts(now: number): Promise<ContextFacts[]>;
  failureGroups(q: { contextNip?: string; limit: number }): Promise<FailureGroup[]>;
  /** Documents failed with this code, newest first (keyset on at, id). */
  failuresOf(code: string, q: { before?: { at: number; id: string }; limit: number }): Promise<ConsoleDocumentRow[]>;

  close(): Promise<void>;
}

export const CONSOLE_STORE = Symbol.for('ksef-gateway/console/ConsoleStore') as ServiceIdentifier<ConsoleStore>;
