import Database from 'better-sqlite3';
import type { DocumentState } from '../../core/plugin-api/types.js';
import { GatewayError } from '../../core/errors/GatewayError.js';
import { KEY_HOLDING_STATES, sourcesOf } from '../../core/pipeline/StateMachine.js';
import type {
  AdmitInput, ClaimQuery, DocumentListQuery, ClaimedSubmission, DueDelivery, DuplicateKey, NewSubmission, QueueSummary, SessionPatch, SessionRecord, SessionState,
  FailingDeliveries, GatewayProblem, StateCount, SubmissionPatch, SubmissionRecord, SubmissionStore, TransitionItem,
} from '../../core/pipeline/ports/SubmissionStore.js';
import { GroupCommit } from './GroupCommit.js';
import { migrate } from './migrations.js';
import { openSqlite, type SqliteDurability } from './openSqlite.js';
import { REDELIVER_SET } from '../sql/redeliverSet.js';
import { sqlitePatchColumns as patchColumns } from './sqlitePatchColumns.js';
import { asBuffer } from '../sql/asBuffer.js';
import { documentListWhere } from '../sql/documentListWhere.js';
import { DOCUMENT_COLUMNS, toDocument, toSession, type DocumentRow, type SessionRow } from './rows.js';

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(',');

/**
 * How long an admission waits for others to share its commit. Validation results arrive one per turn of the event
 * loop, so grouping by turn alone left nearly every group at one; the receipt comes this much later.
 */
const ADMIT_WINDOW_MS = 5;

/** The default store: one SQLite file in WAL mode. better-sqlite3 is synchronous; the port is not. */
export class SqliteSubmissionStore implements SubmissionStore {
  private readonly db: Database.Database;
  private readonly admissions: GroupCommit<AdmitInput, { record: SubmissionRecord; created: boolean }>;

  /**
   * `durability` (default `full`): the outbox's commits precede a receipt to the ERP ("the gateway holds it") and a
   * send to KSeF ("this document is in session S"); a power cut must not take back either (docs/pipeline.md).
   */
  constructor(file: string, durability: SqliteDurability = 'full') {
    this.db = openSqlite(file, durability);
    migrate(this.db);
    this.admissions = new GroupCommit(this.db, (input) => this.admitOne(input), { windowMs: ADMIT_WINDOW_MS });
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per distinct SQL text: preparing costs more than running these small statements. */
  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  async receive(input: NewSubmission): Promise<{ record: SubmissionRecord; created: boolean }> {
    const info = this.sql(`INSERT INTO documents (id, source, erp_id, state, urgent, created_at, updated_at)
      VALUES (?, ?, ?, 'received', ?, ?, ?) ON CONFLICT (source, erp_id) DO NOTHING`)
      .run(input.id, input.source, input.erpId, input.urgent ? 1 : 0, input.now, input.now);
    const record = await this.getByErpId(input.source, input.erpId);
    if (!record) throw new GatewayError('GW_STORE_LOST_WRITE', 'system', `Document ${input.erpId} vanished after insert`);
    return { record, created: info.changes === 1 };
  }

  /** Admits arriving in the same turn share one commit (GroupCommit); each stays all or nothing, durable when resolved. */
  admit(input: AdmitInput): Promise<{ record: SubmissionRecord; created: boolean }> {
    return this.admissions.run(input);
  }

  private admitOne(input: AdmitInput): { record: SubmissionRecord; created: boolean } {
    const existing = this.sql(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE source = ? AND erp_id = ?`)
      .get(input.source, input.erpId) as DocumentRow | undefined;
    if (existing && existing.state !== 'received') return { record: toDocument(existing), created: false };
    const id = existing?.id ?? input.id;
    const v = input.verdict;
    const holder = 'queued' in v ? this.keyHolder(v.queued.key, id) : undefined;
    const [to, patch]: [DocumentState, SubmissionPatch] = 'invalid' in v ? ['invalid', { now: input.now, errors: v.invalid, contextNip: v.contextNip, warnings: v.warnings }]
      : holder ? ['invalid', { now: input.now, errors: input.onKeyHeld(holder), contextNip: v.queued.contextNip, warnings: v.queued.warnings }] : ['queued', v.queued];
    if (existing) {
      this.applyTransition(id, to, patch, 'received');
    } else {
      // A new document is written once, already settled: a received row updated at once would touch every index twice.
      const { columns, values } = patchColumns(patch, to);
      this.sql(`INSERT INTO documents (id, source, erp_id, state, urgent, created_at, ${columns.join(', ')})
        VALUES (${placeholders(columns.length + 6)})`).run(id, input.source, input.erpId, to, input.urgent ? 1 : 0, input.now, ...values);
      if (patch.xml !== undefined) this.sql('INSERT INTO document_xml (id, xml) VALUES (?, ?)').run(id, patch.xml);
    }
    const settled = this.sql(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`).get(id) as DocumentRow;
    return { record: toDocument(settled), created: !existing };
  }

  async get(id: string): Promise<SubmissionRecord | undefined> {
    const row = this.sql(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`).get(id) as DocumentRow | undefined;
    return row && toDocument(row);
  }

  async getByErpId(source: string, erpId: string): Promise<SubmissionRecord | undefined> {
    const row = this.sql(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE source = ? AND erp_id = ?`)
      .get(source, erpId) as DocumentRow | undefined;
    return row && toDocument(row);
  }

  async findByReference(reference: string, limit: number): Promise<SubmissionRecord[]> {
    return (this.sql(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ? OR erp_id = ? OR ksef_number = ?
      ORDER BY created_at, id LIMIT ?`).all(reference, reference, reference, limit) as DocumentRow[]).map(toDocument);
  }

  async getXml(id: string): Promise<Buffer | undefined> {
    const row = this.sql('SELECT xml FROM document_xml WHERE id = ?').get(id) as { xml: Buffer | null } | undefined;
    return row?.xml ?? undefined;
  }

  async getUpo(id: string): Promise<Buffer | undefined> {
    return (this.sql('SELECT upo FROM document_upo WHERE id = ?').get(id) as { upo: Buffer } | undefined)?.upo;
  }

  async findKeyHolder(key: DuplicateKey, excludeId: string): Promise<SubmissionRecord | undefined> {
    return this.keyHolder(key, excludeId);
  }

  private keyHolder(key: DuplicateKey, excludeId: string): SubmissionRecord | undefined {
    const row = this.sql(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE seller_nip = ? AND invoice_kind = ?
      AND invoice_number = ? AND id <> ? AND (state IN (${placeholders(KEY_HOLDING_STATES.length)})
      OR (state = 'delivered' AND ksef_number IS NOT NULL)) LIMIT 1`)
      .get(key.sellerNip, key.invoiceKind, key.invoiceNumber, excludeId, ...KEY_HOLDING_STATES) as DocumentRow | undefined;
    return row && toDocument(row);
  }

  async transition(id: string, to: DocumentState, patch: SubmissionPatch, from?: DocumentState): Promise<SubmissionRecord> {
    const changed = this.db.transaction(() => this.applyTransition(id, to, patch, from)).immediate();
    const record = await this.get(id);
    if (!changed || !record) throw badTransition(id, record?.state, to);
    return record;
  }

  async transitionMany(items: readonly TransitionItem[]): Promise<void> {
    this.db.transaction(() => {
      for (const t of items) {
        if (!this.applyTransition(t.id, t.to, t.patch, t.from)) {
          const row = this.sql('SELECT state FROM documents WHERE id = ?').get(t.id) as { state: DocumentState } | undefined;
          throw badTransition(t.id, row?.state, t.to);
        }
      }
    }).immediate();
  }

  private applyTransition(id: string, to: DocumentState, patch: SubmissionPatch, from?: DocumentState): boolean {
    const allowed = sourcesOf(to).filter((s) => from === undefined || s === from);
    if (allowed.length === 0) return false;
    const { sets, values } = patchColumns(patch, to);
    const changed = this.sql(`UPDATE documents SET state = ?, ${sets.join(', ')} WHERE id = ? AND state IN (${placeholders(allowed.length)})`)
      .run(to, ...values, id, ...allowed).changes === 1;
    if (changed && patch.xml !== undefined) this.sql('INSERT OR REPLACE INTO document_xml (id, xml) VALUES (?, ?)').run(id, patch.xml);
    if (changed && patch.upo !== undefined) this.sql('INSERT OR REPLACE INTO document_upo (id, upo) VALUES (?, ?)').run(id, asBuffer(patch.upo));
    return changed;
  }

  async claimQueued(q: ClaimQuery): Promise<ClaimedSubmission[]> {
    const filters = [q.urgentOnly ? 'AND urgent = 1' : '', q.withAttachments === false ? 'AND has_attachment = 0' : ''].join(' ');
    return this.db.transaction(() => {
      const rows = this.sql(`SELECT ${DOCUMENT_COLUMNS}, (SELECT xml FROM document_xml x WHERE x.id = documents.id) AS xml
        FROM documents WHERE state = 'queued' AND context_nip = ?
        AND lease_until <= ? ${filters} ORDER BY created_at, id LIMIT ?`).all(q.contextNip, q.now, q.limit) as DocumentRow[];
      const lease = this.sql('UPDATE documents SET lease_owner = ?, lease_until = ? WHERE id = ?');
      for (const r of rows) lease.run(q.owner, q.now + q.leaseMs, r.id);
      return rows.map((r) => ({ ...toDocument(r), xml: r.xml as Buffer }) as ClaimedSubmission);
    }).immediate();
  }

  async releaseClaims(owner: string, ids?: readonly string[]): Promise<void> {
    if (ids === undefined) {
      this.sql(`UPDATE documents SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?
        AND state IN ('queued', 'accepted', 'rejected')`).run(owner);
      return;
    }
    const stmt = this.sql(`UPDATE documents SET lease_owner = NULL, lease_until = 0 WHERE id = ? AND lease_owner = ?`);
    this.db.transaction(() => { for (const id of ids) stmt.run(id, owner); }).immediate();
  }

  async assignToSession(ids: readonly string[], sessionRef: string, owner: string, now: number): Promise<void> {
    const stmt = this.sql(`UPDATE documents SET state = 'sending', session_ref = ?, invoice_ref = NULL,
      lease_owner = NULL, lease_until = 0, updated_at = ? WHERE id = ? AND state = 'queued' AND lease_owner = ?`);
    this.db.transaction(() => {
      for (const id of ids) {
        if (stmt.run(sessionRef, now, id, owner).changes !== 1) {
          throw new GatewayError('GW_STORE_CLAIM_LOST', 'transient', `Document ${id} is no longer claimed by ${owner}`, { location: id });
        }
      }
    }).immediate();
  }

  async listBySession(sessionRef: string, states?: readonly DocumentState[]): Promise<SubmissionRecord[]> {
    const filter = states ? `AND state IN (${placeholders(states.length)})` : '';
    const rows = this.sql(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE session_ref = ? ${filter} ORDER BY created_at, id`)
      .all(sessionRef, ...(states ?? [])) as DocumentRow[];
    return rows.map(toDocument);
  }

  async queueSummary(now: number): Promise<QueueSummary[]> {
    return (this.sql(`SELECT context_nip AS contextNip, COUNT(*) AS queued, SUM(urgent) AS urgent,
      MIN(created_at) AS oldestCreatedAt, COALESCE(SUM(invoice_size), 0) AS bytes,
      SUM(has_attachment) AS withAttachments FROM documents WHERE state = 'queued' AND lease_until <= ? GROUP BY context_nip`)
      .all(now) as QueueSummary[]);
  }

  async saveSession(s: SessionRecord): Promise<void> {
    this.sql(`INSERT INTO sessions (ref, owner, context_nip, kind, state, valid_until, invoice_count, status_code, upo_path,
      next_poll_at, poll_attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(s.ref, s.owner, s.contextNip, s.kind, s.state, s.validUntil, s.invoiceCount, s.statusCode ?? null, s.upoPath ?? null,
        s.nextPollAt, s.pollAttempts, s.createdAt, s.updatedAt);
  }

  async getSession(ref: string): Promise<SessionRecord | undefined> {
    const row = this.sql('SELECT * FROM sessions WHERE ref = ?').get(ref) as SessionRow | undefined;
    return row && toSession(row);
  }

  async updateSession(ref: string, p: SessionPatch): Promise<SessionRecord> {
    const map: [keyof SessionPatch, string][] = [['state', 'state'], ['invoiceCount', 'invoice_count'],
      ['statusCode', 'status_code'], ['nextPollAt', 'next_poll_at'], ['pollAttempts', 'poll_attempts']];
    const sets = ['updated_at = ?'];
    const values: unknown[] = [p.now];
    for (const [k, col] of map) {
      if (p[k] !== undefined) {
        sets.push(`${col} = ?`);
        values.push(p[k]);
      }
    }
    const pages = p.upoPages;
    if (pages !== undefined) {
      sets.push('upo_pages = ?');
      values.push(pages.length);
    }
    this.db.transaction(() => {
      if (this.sql(`UPDATE sessions SET ${sets.join(', ')} WHERE ref = ?`).run(...values, ref).changes === 0 || !pages) return;
      this.sql('DELETE FROM session_upo WHERE ref = ?').run(ref);
      const insert = this.sql('INSERT INTO session_upo (ref, page, upo) VALUES (?, ?, ?)');
      pages.forEach((bytes, i) => insert.run(ref, i + 1, asBuffer(bytes)));
    }).immediate();
    const s = await this.getSession(ref);
    if (!s) throw new GatewayError('GW_STORE_NO_SESSION', 'system', `Session ${ref} is not in the store`, { location: ref });
    return s;
  }

  async listSessions(states: readonly SessionState[], filter: { contextNip?: string; owner?: string } = {}): Promise<SessionRecord[]> {
    const ctx = filter.contextNip === undefined ? '' : 'AND context_nip = ?';
    const own = filter.owner === undefined ? '' : 'AND owner = ?';
    const rows = this.sql(`SELECT * FROM sessions WHERE state IN (${placeholders(states.length)}) ${ctx} ${own} ORDER BY created_at`)
      .all(...states, ...[filter.contextNip, filter.owner].filter((v) => v !== undefined)) as SessionRow[];
    return rows.map(toSession);
  }

  async adoptSessions(owner: string, staleBefore: number, now: number): Promise<number> {
    return this.sql(`UPDATE sessions SET owner = ?, updated_at = ? WHERE owner <> ?
      AND state IN ('open', 'uploading', 'closing', 'closed') AND updated_at < ?`).run(owner, now, owner, staleBefore).changes;
  }

  async getSessionUpo(ref: string, page: number): Promise<Buffer | undefined> {
    return (this.sql('SELECT upo FROM session_upo WHERE ref = ? AND page = ?').get(ref, page) as { upo: Buffer } | undefined)?.upo;
  }

  async rebindSession(oldRef: string, newRef: string, patch: SessionPatch): Promise<SessionRecord> {
    this.db.transaction(() => {
      this.sql('UPDATE sessions SET ref = ? WHERE ref = ?').run(newRef, oldRef);
      this.sql('UPDATE documents SET session_ref = ? WHERE session_ref = ?').run(newRef, oldRef);
      this.sql('UPDATE session_upo SET ref = ? WHERE ref = ?').run(newRef, oldRef);
    }).immediate();
    return this.updateSession(newRef, patch);
  }

  async dueDeliveries(now: number, limit: number, claim?: { owner: string; leaseMs: number }): Promise<DueDelivery[]> {
    const pick = (): DocumentRow[] => {
      const rows = this.sql(`SELECT ${DOCUMENT_COLUMNS}, (SELECT upo FROM document_upo u WHERE u.id = documents.id) AS upo
        FROM documents WHERE state IN ('accepted', 'rejected') AND next_delivery_at <= ? ${claim ? 'AND lease_until <= ?' : ''}
        ORDER BY next_delivery_at, id LIMIT ?`).all(...(claim ? [now, now, limit] : [now, limit])) as DocumentRow[];
      if (claim) {
        const lease = this.sql('UPDATE documents SET lease_owner = ?, lease_until = ? WHERE id = ?');
        for (const r of rows) lease.run(claim.owner, now + claim.leaseMs, r.id);
      }
      return rows;
    };
    const rows = claim ? this.db.transaction(pick).immediate() : pick();
    return rows.map((r) => (r.upo ? { ...toDocument(r), upo: r.upo } : toDocument(r)));
  }

  async deferDelivery(id: string, nextAt: number, now: number, error?: string): Promise<void> {
    this.sql(`UPDATE documents SET delivery_attempts = delivery_attempts + 1, next_delivery_at = ?, updated_at = ?,
      delivery_error = COALESCE(?, delivery_error), lease_owner = NULL, lease_until = 0 WHERE id = ?`).run(nextAt, now, error ?? null, id);
  }

  async failingDeliveries(limit: number): Promise<FailingDeliveries> {
    const where = "state IN ('accepted', 'rejected') AND delivery_error IS NOT NULL";
    const { count } = this.sql(`SELECT COUNT(*) AS count FROM documents WHERE ${where}`).get() as { count: number };
    const latest = this.sql(`SELECT id, source, erp_id AS erpId, context_nip AS contextNip, delivery_attempts AS deliveryAttempts,
      next_delivery_at AS nextDeliveryAt, delivery_error AS error, updated_at AS updatedAt FROM documents WHERE ${where}
      ORDER BY updated_at DESC, id DESC LIMIT ?`).all(limit) as (FailingDeliveries['latest'][number] & { contextNip: string | null })[];
    return { count, latest: latest.map(({ contextNip, ...d }) => (contextNip === null ? d : { ...d, contextNip })) };
  }

  async redeliver(id: string, now: number): Promise<boolean> {
    return this.sql(`UPDATE documents SET ${REDELIVER_SET}, next_delivery_at = ?, updated_at = ? WHERE id = ?
      AND state IN ('accepted', 'rejected', 'delivered')`).run(now, now, id).changes === 1;
  }

  async recordProblem(area: string, message: string, now: number): Promise<void> {
    this.sql(`INSERT INTO gateway_problems (area, message, count, first_at, last_at) VALUES (?, ?, 1, ?, ?)
      ON CONFLICT (area) DO UPDATE SET message = excluded.message, count = count + 1, last_at = excluded.last_at`).run(area, message, now, now);
  }

  async clearProblem(area: string): Promise<void> {
    this.sql('DELETE FROM gateway_problems WHERE area = ?').run(area);
  }

  async problems(): Promise<GatewayProblem[]> {
    return this.sql(`SELECT area, message, count, first_at AS firstAt, last_at AS lastAt FROM gateway_problems
      ORDER BY last_at DESC, area`).all() as GatewayProblem[];
  }

  async countsByState(): Promise<StateCount[]> {
    return this.sql(`SELECT context_nip AS contextNip, state, COUNT(*) AS count FROM documents
      GROUP BY context_nip, state ORDER BY context_nip, state`).all() as StateCount[];
  }

  async listDocuments(query: DocumentListQuery): Promise<SubmissionRecord[]> {
    const { where, values } = documentListWhere(query, () => '?');
    const rows = this.sql(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE ${where}
      ORDER BY created_at DESC, id DESC LIMIT ?`).all(...values, query.limit) as DocumentRow[];
    return rows.map(toDocument);
  }

  async latestErrors(limit: number): Promise<SubmissionRecord[]> {
    const rows = this.sql(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE errors <> '[]'
      ORDER BY updated_at DESC LIMIT ?`).all(limit) as DocumentRow[];
    return rows.map(toDocument);
  }

  async setContextPaused(contextNip: string, reason: string | null, now: number): Promise<void> {
    this.sql(`INSERT INTO contexts (context_nip, paused_reason, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (context_nip) DO UPDATE SET paused_reason = excluded.paused_reason, updated_at = excluded.updated_at`)
      .run(contextNip, reason, now);
  }

  async pausedContexts(): Promise<Map<string, string>> {
    const rows = this.sql('SELECT context_nip, paused_reason FROM contexts WHERE paused_reason IS NOT NULL')
      .all() as { context_nip: string; paused_reason: string }[];
    return new Map(rows.map((r) => [r.context_nip, r.paused_reason]));
  }

  async close(): Promise<void> {
    if (this.db.open) this.admissions.flushAll();
    if (this.db.open) this.db.close();
  }
}

function badTransition(id: string, state: DocumentState | undefined, to: DocumentState): GatewayError {
  return new GatewayError('GW_PIPELINE_BAD_TRANSITION', 'system', `Document ${id} cannot go from ${state ?? 'nowhere'} to ${to}`,
    { location: id, details: { from: state, to } });
}
