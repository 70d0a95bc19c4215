import type { ServiceIdentifier } from 'inversify';
import type { DocumentState, OutcomeError } from '../../plugin-api/types.js';

/** KSeF's duplicate key (PROTOCOL.md §6.8): seller NIP + RodzajFaktury + P_2. */
export interface DuplicateKey {
  readonly sellerNip: string;
  readonly invoiceKind: string;
  readonly invoiceNumber: string;
}

export interface SubmissionRecord {
  readonly id: string;
  /** The plugin instance that handed the document over; (source, erpId) is the idempotency key. */
  readonly source: string;
  readonly erpId: string;
  readonly state: DocumentState;
  readonly urgent: boolean;
  /** Known once the document is prepared (state queued and later). */
  readonly contextNip?: string;
  readonly key?: DuplicateKey;
  /** P_1, needed for the KOD I link. */
  readonly issueDate?: string;
  readonly hasAttachment: boolean;
  readonly invoiceHash?: string;
  readonly invoiceSize?: number;
  readonly sessionRef?: string;
  readonly invoiceRef?: string;
  readonly ksefNumber?: string;
  readonly acquisitionDate?: string;
  /**
   * Only on documents accepted before UPOs were kept in the store: the UPO is a file under `<dataDir>/upo/` at this
   * relative path. Newer documents have their UPO in the store (`getUpo`).
   */
  readonly upoPath?: string;
  readonly errors: readonly OutcomeError[];
  /**
   * Findings that did not block sending (rules turned into warnings by the operator, the NIP checksum against TEST or
   * DEMO): kept from intake and delivered with the outcome. Absent or empty when there were none.
   */
  readonly warnings?: readonly OutcomeError[];
  /** Send attempts that ended without a verdict (session failed, requeued). */
  readonly attempts: number;
  readonly deliveryAttempts: number;
  readonly nextDeliveryAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ClaimedSubmission extends SubmissionRecord {
  readonly contextNip: string;
  readonly invoiceHash: string;
  readonly xml: Buffer;
}

export interface NewSubmission {
  readonly id: string;
  readonly source: string;
  readonly erpId: string;
  readonly urgent: boolean;
  readonly now: number;
}

/** What a transition may write together with the new state (one statement, one commit). */
export interface SubmissionPatch {
  readonly contextNip?: string;
  readonly key?: DuplicateKey;
  readonly issueDate?: string;
  readonly hasAttachment?: boolean;
  readonly xml?: Buffer;
  readonly invoiceHash?: string;
  readonly invoiceSize?: number;
  readonly sessionRef?: string | null;
  readonly invoiceRef?: string | null;
  readonly ksefNumber?: string;
  readonly acquisitionDate?: string;
  /** The per-invoice UPO exactly as KSeF sent it, stored in the same transaction as the transition (DECISIONS.md 10). */
  readonly upo?: Uint8Array;
  readonly errors?: readonly OutcomeError[];
  /** Intake's non-blocking findings (set once, when the document is admitted). */
  readonly warnings?: readonly OutcomeError[];
  readonly incrementAttempts?: boolean;
  readonly now: number;
}

/** What preparation decided: queue it with its bytes and key, or mark it invalid. */
export type AdmitVerdict =
  | { readonly queued: SubmissionPatch & { readonly key: DuplicateKey } }
  /** `contextNip`: the context the invalid document names, when it could be read, so `status` counts it there. */
  | { readonly invalid: readonly OutcomeError[]; readonly contextNip?: string; readonly warnings?: readonly OutcomeError[] };

export interface AdmitInput extends NewSubmission {
  readonly verdict: AdmitVerdict;
  /** The errors to record when another document holds the duplicate key (checked in the same transaction). */
  readonly onKeyHeld: (holder: SubmissionRecord) => readonly OutcomeError[];
}

/** A verdict awaiting delivery, with its UPO when the store holds one (an accepted document). */
export interface DueDelivery extends SubmissionRecord {
  readonly upo?: Buffer;
}

export interface TransitionItem {
  readonly id: string;
  readonly to: DocumentState;
  readonly patch: SubmissionPatch;
  readonly from?: DocumentState;
}

export type SessionKind = 'online' | 'batch';
/**
 * open/uploading: invoices may still be added; closing: close requested (it may or may not have reached KSeF);
 * closed: KSeF confirmed the close and processes; processed/failed: final status read; abandoned: a batch whose
 * upload never finished, so KSeF never processes it.
 */
export type SessionState = 'open' | 'uploading' | 'closing' | 'closed' | 'processed' | 'failed' | 'abandoned';

export interface SessionRecord {
  readonly ref: string;
  /** The instance that opened it: only that instance recovers and polls it (its online keys live only there). */
  readonly owner: string;
  readonly contextNip: string;
  readonly kind: SessionKind;
  readonly state: SessionState;
  readonly validUntil: number;
  readonly invoiceCount: number;
  readonly statusCode?: number;
  /** Only on sessions finished before UPOs were kept in the store: the first UPO page's file under `<dataDir>/upo/`. */
  readonly upoPath?: string;
  /** How many session UPO pages the store holds (`getSessionUpo`); absent when none. */
  readonly upoPages?: number;
  readonly nextPollAt: number;
  readonly pollAttempts: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface SessionPatch {
  readonly state?: SessionState;
  readonly invoiceCount?: number;
  readonly statusCode?: number;
  /** The session's UPO pages in KSeF's order, stored in the same transaction as the rest of the patch. */
  readonly upoPages?: readonly Uint8Array[];
  readonly nextPollAt?: number;
  readonly pollAttempts?: number;
  readonly now: number;
}

export interface ClaimQuery {
  readonly contextNip: string;
  readonly limit: number;
  readonly owner: string;
  readonly leaseMs: number;
  readonly now: number;
  /** Only urgent documents (online path). */
  readonly urgentOnly?: boolean;
  /** false: leave documents with attachments alone (online path, DECISIONS.md 12). */
  readonly withAttachments?: boolean;
}

export interface QueueSummary {
  readonly contextNip: string;
  readonly queued: number;
  readonly urgent: number;
  readonly oldestCreatedAt: number;
  /** Sum of the queued invoices' XML sizes. */
  readonly bytes: number;
  /** Queued invoices with a Zalacznik (batch only). */
  readonly withAttachments: number;
}

/** One page of a plugin instance's documents, newest first (`listDocuments`). */
export interface DocumentListQuery {
  readonly source: string;
  /** Only documents whose ERP id starts with one of these (a plugin's tenants); absent: all of the source's. */
  readonly erpIdPrefixes?: readonly string[];
  readonly erpId?: string;
  readonly states?: readonly DocumentState[];
  readonly contextNip?: string;
  /** created_at >= from and < to (epoch ms). */
  readonly createdFrom?: number;
  readonly createdTo?: number;
  /** Continue after this document (exclusive): the last one of the previous page. */
  readonly before?: { readonly createdAt: number; readonly id: string };
  readonly limit: number;
}

export interface FailingDelivery {
  readonly id: string;
  readonly source: string;
  readonly erpId: string;
  readonly contextNip?: string;
  readonly deliveryAttempts: number;
  readonly nextDeliveryAt: number;
  /** Why the last hand-over failed. */
  readonly error: string;
  readonly updatedAt: number;
}

export interface FailingDeliveries {
  readonly count: number;
  readonly latest: readonly FailingDelivery[];
}

/** Background work that failed, per area (e.g. `certificate-expiry`, `plugin:inbox`), until it succeeds again. */
export interface GatewayProblem {
  readonly area: string;
  /** The latest failure's message. */
  readonly message: string;
  /** Failures since the area last worked. */
  readonly count: number;
  readonly firstAt: number;
  readonly lastAt: number;
}

export interface StateCount {
  readonly contextNip: string | null;
  readonly state: DocumentState;
  readonly count: number;
}

/**
 * The durable outbox. Every method is asynchronous so that PostgreSQL can implement it; claims are leases (owner +
 * expiry) so that several gateway instances can share one database without taking the same document.
 */
export interface SubmissionStore {
  /** Idempotent on (source, erpId): returns the existing record with created=false. */
  receive(input: NewSubmission): Promise<{ record: SubmissionRecord; created: boolean }>;
  /**
   * Receives and settles a prepared document in one transaction: received -> queued, or -> invalid (bad data, or its
   * duplicate key is held by another document). An existing (source, erpId) past `received` is returned unchanged.
   */
  admit(input: AdmitInput): Promise<{ record: SubmissionRecord; created: boolean }>;
  get(id: string): Promise<SubmissionRecord | undefined>;
  getByErpId(source: string, erpId: string): Promise<SubmissionRecord | undefined>;
  /** Documents whose id, ERP id (of any source) or KSeF number is `reference`, oldest first; at most `limit`. */
  findByReference(reference: string, limit: number): Promise<SubmissionRecord[]>;
  getXml(id: string): Promise<Buffer | undefined>;
  /** The document's UPO byte for byte as KSeF sent it; undefined until it is accepted (or when accepted before migration 5). */
  getUpo(id: string): Promise<Buffer | undefined>;
  /** A document other than `excludeId` whose state holds this duplicate key. */
  findKeyHolder(key: DuplicateKey, excludeId: string): Promise<SubmissionRecord | undefined>;
  /**
   * The one way a state changes: succeeds only when the current state may go to `to` (and equals `from` when
   * given); otherwise throws GW_PIPELINE_BAD_TRANSITION and writes nothing.
   */
  transition(id: string, to: DocumentState, patch: SubmissionPatch, from?: DocumentState): Promise<SubmissionRecord>;
  /** Several transitions in one transaction: all or none (one commit for a whole batch's verdicts). */
  transitionMany(items: readonly TransitionItem[]): Promise<void>;
  /** Leases queued documents of one context, oldest first; leased documents stay queued. */
  claimQueued(query: ClaimQuery): Promise<ClaimedSubmission[]>;
  /**
   * Releases the given claims, or every claim of `owner` when `ids` is omitted (an instance restarting): queued
   * documents and outcomes awaiting delivery.
   */
  releaseClaims(owner: string, ids?: readonly string[]): Promise<void>;
  /** queued -> sending for all of them, with the session recorded, in one transaction (before anything is sent). */
  assignToSession(ids: readonly string[], sessionRef: string, owner: string, now: number): Promise<void>;
  listBySession(sessionRef: string, states?: readonly DocumentState[]): Promise<SubmissionRecord[]>;
  queueSummary(now: number): Promise<QueueSummary[]>;

  saveSession(session: SessionRecord): Promise<void>;
  getSession(ref: string): Promise<SessionRecord | undefined>;
  updateSession(ref: string, patch: SessionPatch): Promise<SessionRecord>;
  listSessions(states: readonly SessionState[], filter?: { readonly contextNip?: string; readonly owner?: string }): Promise<SessionRecord[]>;
  /**
   * Takes over unfinished sessions of other instances that have not been touched since `staleBefore` (an instance that
   * died, or restarted under a new id). Returns how many were adopted.
   */
  adoptSessions(owner: string, staleBefore: number, now: number): Promise<number>;
  /** Page `page` (1-based) of a session's UPO, byte for byte. */
  getSessionUpo(ref: string, page: number): Promise<Buffer | undefined>;
  /** Renames a session and its documents' session reference in one transaction (a batch learns KSeF's ref late). */
  rebindSession(oldRef: string, newRef: string, patch: SessionPatch): Promise<SessionRecord>;

  /**
   * accepted/rejected documents whose outcome is due for (re)delivery. With `claim`, only those no other instance holds,
   * and they are leased to `claim.owner` in the same transaction (so two instances never deliver one outcome at once)
   * until the deliverer moves each on (`delivered`), defers it, releases its claims, or the lease expires.
   */
  dueDeliveries(now: number, limit: number, claim?: { readonly owner: string; readonly leaseMs: number }): Promise<DueDelivery[]>;
  /** Puts a delivery off until `nextAt`; `error` (a failed hand-over) is kept until the outcome is delivered. */
  deferDelivery(id: string, nextAt: number, now: number, error?: string): Promise<void>;
  /** accepted/rejected documents whose last hand-over to their plugin failed: how many, and the latest `limit`. */
  failingDeliveries(limit: number): Promise<FailingDeliveries>;
  /**
   * Asks for a final outcome to be handed to the ERP again (`retry`): a delivered document goes back to `accepted`
   * (it has a KSeF number) or `rejected`, its delivery attempts restart at 0 and it is due at `now`; any lease on it
   * ends. Answers false, writing nothing, for a document that is missing or has no final outcome yet.
   */
  redeliver(id: string, now: number): Promise<boolean>;

  /** A plugin instance's documents, newest first (created_at, then id, descending), filtered. */
  listDocuments(query: DocumentListQuery): Promise<SubmissionRecord[]>;
  countsByState(): Promise<StateCount[]>;
  latestErrors(limit: number): Promise<SubmissionRecord[]>;

  /** Records a failure of background work in `area` (counted; the message is the latest one's). */
  recordProblem(area: string, message: string, now: number): Promise<void>;
  /** The area works again: its record goes. */
  clearProblem(area: string): Promise<void>;
  /** Every area with an unresolved failure, latest first. */
  problems(): Promise<GatewayProblem[]>;

  setContextPaused(contextNip: string, reason: string | null, now: number): Promise<void>;
  pausedContexts(): Promise<Map<string, string>>;

  close(): Promise<void>;
}

export const SUBMISSION_STORE = Symbol.for('ksef-gateway/pipeline/SubmissionStore') as ServiceIdentifier<SubmissionStore>;
