import type pg from 'pg';
import type { DocumentState } from '../../core/plugin-api/types.js';
import { GatewayError } from '../../core/errors/GatewayError.js';
import { KEY_HOLDING_STATES, sourcesOf } from '../../core/pipeline/StateMachine.js';
import type {
  AdmitInput, ClaimQuery, DocumentListQuery, ClaimedSubmission, DueDelivery, DuplicateKey, NewSubmission, QueueSummary, SessionPatch, SessionRecord, SessionState,
  FailingDeliveries, GatewayProblem, StateCount, SubmissionPatch, SubmissionRecord, SubmissionStore, TransitionItem,
} from '../../core/pipeline/ports/SubmissionStore.js';
import { openPgPool, type PgStoreOptions } from './openPgPool.js';
import { PG_DOCUMENT_COLUMNS, toPgDocument, toPgSession, type PgDocumentRow, type PgSessionRow } from './pgRows.js';
import { pgPatchColumns } from './pgSubmissionPatch.js';
import { documentListWhere } from '../sql/documentListWhere.js';
import { REDELIVER_SET } from '../sql/redeliverSet.js';
import { bulkTransition } from './pgTransitionMany.js';
import { withPgTransaction, type Queryable } from './withPgTransaction.js';

/** First key of the advisory lock that serialises admits of one duplicate key (the second is the key's hash). */
const KEY_LOCK = 0x6b736b79;

const byAge = (a: PgDocumentRow, b: PgDocumentRow): number =>
  a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The outbox in PostgreSQL, for several gateway instances on one database. Claims take rows with
 * `FOR UPDATE SKIP LOCKED`, so concurrent claimers never wait on each other and never take the same document; a lease
 * (owner + expiry) outlives the transaction, so a dead instance's documents come back when it expires.
 */
export class PgSubmissionStore implements SubmissionStore {
  private constructor(private readonly pool: pg.Pool, readonly schema: string) {}

  static async open(options: PgStoreOptions): Promise<PgSubmissionStore> {
    const { pool, schema } = await openPgPool(options);
    return new PgSubmissionStore(pool, schema);
  }

  private async one<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[]): Promise<R | undefined> {
    return (await db.query<R>(text, values)).rows[0];
  }

  private async docs(text: string, values: unknown[]): Promise<SubmissionRecord[]> {
    return (await this.pool.query<PgDocumentRow>(text, values)).rows.map(toPgDocument);
  }

  async receive(input: NewSubmission): Promise<{ record: SubmissionRecord; created: boolean }> {
    // One round trip for a new document; the existing one is read only when the ERP id is already known.
    const inserted = await this.one<PgDocumentRow>(this.pool, `INSERT INTO documents (id, source, erp_id, state, urgent, created_at,
      updated_at) VALUES ($1, $2, $3, 'received', $4, $5, $5) ON CONFLICT (source, erp_id) DO NOTHING RETURNING ${PG_DOCUMENT_COLUMNS}`,
    [input.id, input.source, input.erpId, input.urgent, input.now]);
    if (inserted) return { record: toPgDocument(inserted), created: true };
    const record = await this.getByErpId(input.source, input.erpId);
    if (!record) throw new GatewayError('GW_STORE_LOST_WRITE', 'system', `Document ${input.erpId} vanished after insert`);
    return { record, created: false };
  }

  async admit(input: AdmitInput): Promise<{ record: SubmissionRecord; created: boolean }> {
    return withPgTransaction(this.pool, async (c) => {
      const inserted = await c.query(`INSERT INTO documents (id, source, erp_id, state, urgent, created_at, updated_at)
        VALUES ($1, $2, $3, 'received', $4, $5, $5) ON CONFLICT (source, erp_id) DO NOTHING`,
      [input.id, input.source, input.erpId, input.urgent, input.now]);
      // The row lock makes a concurrent admit of the same ERP id wait, then see the state it settled.
      const row = await this.one<PgDocumentRow>(c, `SELECT ${PG_DOCUMENT_COLUMNS} FROM documents WHERE source = $1 AND erp_id = $2
        FOR UPDATE`, [input.source, input.erpId]);
      if (!row) throw new GatewayError('GW_STORE_LOST_WRITE', 'system', `Document ${input.erpId} vanished after insert`);
      const created = inserted.rowCount === 1;
      if (row.state !== 'received') return { record: toPgDocument(row), created };
      const v = input.verdict;
      let settled: PgDocumentRow | undefined;
      if ('invalid' in v) {
        settled = await this.applyTransition(c, row.id, 'invalid', { now: input.now, errors: v.invalid, contextNip: v.contextNip, warnings: v.warnings }, 'received');
      } else {
        // Two instances admitting different documents with one duplicate key: the key's lock lets only one queue.
        const { sellerNip, invoiceKind, invoiceNumber } = v.queued.key;
        await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [KEY_LOCK, `${sellerNip}|${invoiceKind}|${invoiceNumber}`]);
        const holder = await this.keyHolder(c, v.queued.key, row.id);
        settled = holder
          ? await this.applyTransition(c, row.id, 'invalid', { now: input.now, errors: input.onKeyHeld(holder), contextNip: v.queued.contextNip, warnings: v.queued.warnings }, 'received')
          : await this.applyTransition(c, row.id, 'queued', v.queued, 'received');
      }
      if (!settled) throw badTransition(row.id, row.state as DocumentState, 'queued');
      return { record: toPgDocument(settled), created };
    });
  }

  async get(id: string): Promise<SubmissionRecord | undefined> {
    return (await this.docs(`SELECT ${PG_DOCUMENT_COLUMNS} FROM documents WHERE id = $1`, [id]))[0];
  }

  async getByErpId(source: string, erpId: string): Promise<SubmissionRecord | undefined> {
    return (await this.docs(`SELECT ${PG_DOCUMENT_COLUMNS} FROM documents WHERE source = $1 AND erp_id = $2`, [source, erpId]))[0];
  }

  async findByReference(reference: string, limit: number): Promise<SubmissionRecord[]> {
    return this.docs(`SELECT ${PG_DOCUMENT_COLUMNS} FROM documents WHERE id = $1 OR erp_id = $1 OR ksef_number = $1
      ORDER BY created_at, id LIMIT $2`, [reference, limit]);
  }

  async getXml(id: string): Promise<Buffer | undefined> {
    return (await this.one<{ xml: Buffer | null }>(this.pool, 'SELECT xml FROM documents WHERE id = $1', [id]))?.xml ?? undefined;
  }

  async getUpo(id: string): Promise<Buffer | undefined> {
    return (await this.one<{ upo: Buffer }>(this.pool, 'SELECT upo FROM document_upo WHERE id = $1', [id]))?.upo;
  }

  async findKeyHolder(key: DuplicateKey, excludeId: string): Promise<SubmissionRecord | undefined> {
    return this.keyHolder(this.pool, key, excludeId);
  }

  private async keyHolder(db: Queryable, key: DuplicateKey, excludeId: string): Promise<SubmissionRecord | undefined> {
    const row = await this.one<PgDocumentRow>(db, `SELECT ${PG_DOCUMENT_COLUMNS} FROM documents WHERE seller_nip = $1
      AND invoice_kind = $2 AND invoice_number = $3 AND id <> $4
      AND (state = ANY($5::text[]) OR (state = 'delivered' AND ksef_number IS NOT NULL)) LIMIT 1`,
    [key.sellerNip, key.invoiceKind, key.invoiceNumber, excludeId, KEY_HOLDING_STATES]);
    return row && toPgDocument(row);
  }

  async transition(id: string, to: DocumentState, patch: SubmissionPatch, from?: DocumentState): Promise<SubmissionRecord> {
    // With a UPO, two statements that must commit together; without, one autocommitted statement is enough.
    const row = patch.upo === undefined
      ? await this.applyTransition(this.pool, id, to, patch, from)
      : await withPgTransaction(this.pool, async (c) => {
        const changed = await this.applyTransition(c, id, to, patch, from);
        if (changed) await saveUpos(c, [{ id, patch }]);
        return changed;
      });
    if (row) return toPgDocument(row);
    throw badTransition(id, (await this.get(id))?.state, to);
  }

  async transitionMany(items: readonly TransitionItem[]): Promise<void> {
    if (items.length === 0) return;
    const distinct = new Set(items.map((t) => t.id)).size === items.length;
    await withPgTransaction(this.pool, async (c) => {
      // Two steps of one document in one batch must run in order: only then one statement per item.
      const changed = distinct ? await bulkTransition(c, items) : undefined;
      for (const t of items) {
        const ok = changed ? changed.has(t.id) : (await this.applyTransition(c, t.id, t.to, t.patch, t.from)) !== undefined;
        if (!ok) {
          const row = await this.one<{ state: DocumentState }>(c, 'SELECT state FROM documents WHERE id = $1', [t.id]);
          throw badTransition(t.id, row?.state, t.to);
        }
      }
      await saveUpos(c, items);
    });
  }

  /** Compare-and-set on the state: the row changes only while its state is one the state machine lets reach `to`. */
  private async applyTransition(db: Queryable, id: string, to: DocumentState, patch: SubmissionPatch,
    from?: DocumentState): Promise<PgDocumentRow | undefined> {
    const allowed = sourcesOf(to).filter((s) => from === undefined || s === from);
    if (allowed.length === 0) return undefined;
    const { sets, values } = pgPatchColumns(patch, to, 2);
    const n = values.length + 2;
    return this.one<PgDocumentRow>(db, `UPDATE documents SET state = $1, ${sets.join(', ')}
      WHERE id = $${n} AND state = ANY($${n + 1}::text[]) RETURNING ${PG_DOCUMENT_COLUMNS}`, [to, ...values, id, allowed]);
  }

  async claimQueued(q: ClaimQuery): Promise<ClaimedSubmission[]> {
    const filters = [q.urgentOnly ? 'AND urgent' : '', q.withAttachments === false ? 'AND NOT has_attachment' : ''].join(' ');
    // Rows another claimer holds are skipped, not waited for; a row whose lease it committed meanwhile is re-checked
    // against lease_until by PostgreSQL before it is locked here, so it drops out.
    const { rows } = await this.pool.query<PgDocumentRow>(`WITH picked AS (
        SELECT id FROM documents WHERE state = 'queued' AND context_nip = $1 AND lease_until <= $2 ${filters}
        ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
      UPDATE documents d SET lease_owner = $4, lease_until = $5 FROM picked WHERE d.id = picked.id
      RETURNING ${PG_DOCUMENT_COLUMNS.replace(/(\w+)/g, 'd.$1')}, d.xml`,
    [q.contextNip, q.now, q.limit, q.owner, q.now + q.leaseMs]);
    return rows.sort(byAge).map((r) => ({ ...toPgDocument(r), xml: r.xml as Buffer }) as ClaimedSubmission);
  }

  async releaseClaims(owner: string, ids?: readonly string[]): Promise<void> {
    if (ids === undefined) {
      await this.pool.query(`UPDATE documents SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = $1
        AND state IN ('queued', 'accepted', 'rejected')`, [owner]);
      return;
    }
    await this.pool.query('UPDATE documents SET lease_owner = NULL, lease_until = 0 WHERE id = ANY($1::text[]) AND lease_owner = $2',
      [ids, owner]);
  }

  async assignToSession(ids: readonly string[], sessionRef: string, owner: string, now: number): Promise<void> {
    await withPgTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{ id: string }>(`UPDATE documents SET state = 'sending', session_ref = $1, invoice_ref = NULL,
        lease_owner = NULL, lease_until = 0, updated_at = $2 WHERE id = ANY($3::text[]) AND state = 'queued' AND lease_owner = $4
        RETURNING id`, [sessionRef, now, ids, owner]);
      if (rows.length !== new Set(ids).size) {
        const got = new Set(rows.map((r) => r.id));
        const lost = ids.find((id) => !got.has(id)) as string;
        throw new GatewayError('GW_STORE_CLAIM_LOST', 'transient', `Document ${lost} is no longer claimed by ${owner}`, { location: lost });
      }
    });
  }

  async listBySession(sessionRef: string, states?: readonly DocumentState[]): Promise<SubmissionRecord[]> {
    const filter = states ? 'AND state = ANY($2::text[])' : '';
    return this.docs(`SELECT ${PG_DOCUMENT_COLUMNS} FROM documents WHERE session_ref = $1 ${filter} ORDER BY created_at, id`,
      states ? [sessionRef, states] : [sessionRef]);
  }

  async queueSummary(now: number): Promise<QueueSummary[]> {
    return (await this.pool.query<QueueSummary>(`SELECT context_nip AS "contextNip", COUNT(*)::int AS queued,
      COUNT(*) FILTER (WHERE urgent)::int AS urgent, MIN(created_at) AS "oldestCreatedAt",
      COALESCE(SUM(invoice_size), 0)::bigint AS bytes, COUNT(*) FILTER (WHERE has_attachment)::int AS "withAttachments"
      FROM documents WHERE state = 'queued' AND lease_until <= $1 GROUP BY context_nip ORDER BY context_nip`, [now])).rows;
  }

  async saveSession(s: SessionRecord): Promise<void> {
    await this.pool.query(`INSERT INTO sessions (ref, owner, context_nip, kind, state, valid_until, invoice_count, status_code,
      upo_path, next_poll_at, poll_attempts, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [s.ref, s.owner, s.contextNip, s.kind, s.state, s.validUntil, s.invoiceCount, s.statusCode ?? null, s.upoPath ?? null,
      s.nextPollAt, s.pollAttempts, s.createdAt, s.updatedAt]);
  }

  async getSession(ref: string): Promise<SessionRecord | undefined> {
    const row = await this.one<PgSessionRow>(this.pool, 'SELECT * FROM sessions WHERE ref = $1', [ref]);
    return row && toPgSession(row);
  }

  async updateSession(ref: string, p: SessionPatch): Promise<SessionRecord> {
    // UPO pages go to their own table: with them, the patch is several statements that commit together.
    return p.upoPages === undefined ? this.patchSession(this.pool, ref, p)
      : withPgTransaction(this.pool, (c) => this.patchSession(c, ref, p));
  }

  private async patchSession(db: Queryable, ref: string, p: SessionPatch): Promise<SessionRecord> {
    const pages = p.upoPages;
    const map: [keyof SessionPatch, string][] = [['state', 'state'], ['invoiceCount', 'invoice_count'],
      ['statusCode', 'status_code'], ['nextPollAt', 'next_poll_at'], ['pollAttempts', 'poll_attempts']];
    const values: unknown[] = [ref, p.now];
    const sets = ['updated_at = $2'];
    for (const [k, col] of map) {
      if (p[k] !== undefined) {
        values.push(p[k]);
        sets.push(`${col} = $${values.length}`);
      }
    }
    if (pages !== undefined) {
      values.push(pages.length);
      sets.push(`upo_pages = $${values.length}`);
    }
    const row = await this.one<PgSessionRow>(db, `UPDATE sessions SET ${sets.join(', ')} WHERE ref = $1 RETURNING *`, values);
    if (!row) throw new GatewayError('GW_STORE_NO_SESSION', 'system', `Session ${ref} is not in the store`, { location: ref });
    if (pages !== undefined) {
      await db.query('DELETE FROM session_upo WHERE ref = $1', [ref]);
      await db.query(`INSERT INTO session_upo (ref, page, upo) SELECT $1, p.n, p.upo FROM unnest($2::bytea[]) WITH ORDINALITY
        AS p(upo, n)`, [ref, pages]);
    }
    return toPgSession(row);
  }

  async listSessions(states: readonly SessionState[], filter: { contextNip?: string; owner?: string } = {}): Promise<SessionRecord[]> {
    const { rows } = await this.pool.query<PgSessionRow>(`SELECT * FROM sessions WHERE state = ANY($1::text[])
      AND ($2::text IS NULL OR context_nip = $2) AND ($3::text IS NULL OR owner = $3) ORDER BY created_at, ref`,
    [states, filter.contextNip ?? null, filter.owner ?? null]);
    return rows.map(toPgSession);
  }

  async adoptSessions(owner: string, staleBefore: number, now: number): Promise<number> {
    // Two instances adopting at once: the row lock makes the second re-check updated_at, which the first just moved.
    const res = await this.pool.query(`UPDATE sessions SET owner = $1, updated_at = $2 WHERE owner <> $1
      AND state IN ('open', 'uploading', 'closing', 'closed') AND updated_at < $3`, [owner, now, staleBefore]);
    return res.rowCount ?? 0;
  }

  async getSessionUpo(ref: string, page: number): Promise<Buffer | undefined> {
    return (await this.one<{ upo: Buffer }>(this.pool, 'SELECT upo FROM session_upo WHERE ref = $1 AND page = $2', [ref, page]))?.upo;
  }

  async rebindSession(oldRef: string, newRef: string, patch: SessionPatch): Promise<SessionRecord> {
    return withPgTransaction(this.pool, async (c) => {
      await c.query('UPDATE sessions SET ref = $1 WHERE ref = $2', [newRef, oldRef]);
      await c.query('UPDATE documents SET session_ref = $1 WHERE session_ref = $2', [newRef, oldRef]);
      await c.query('UPDATE session_upo SET ref = $1 WHERE ref = $2', [newRef, oldRef]);
      return this.patchSession(c, newRef, patch);
    });
  }

  async dueDeliveries(now: number, limit: number, claim?: { owner: string; leaseMs: number }): Promise<DueDelivery[]> {
    const withUpo = (r: PgDocumentRow): DueDelivery => (r.upo ? { ...toPgDocument(r), upo: r.upo } : toPgDocument(r));
    if (!claim) {
      const { rows } = await this.pool.query<PgDocumentRow>(`SELECT ${PG_DOCUMENT_COLUMNS},
        (SELECT upo FROM document_upo u WHERE u.id = documents.id) AS upo FROM documents WHERE state IN ('accepted', 'rejected')
        AND next_delivery_at <= $1 ORDER BY next_delivery_at, id LIMIT $2`, [now, limit]);
      return rows.map(withUpo);
    }
    // As claimQueued: rows another instance is leasing are skipped, and its committed lease takes them out of the due set.
    const { rows } = await this.pool.query<PgDocumentRow>(`WITH picked AS (
        SELECT id FROM documents WHERE state IN ('accepted', 'rejected') AND next_delivery_at <= $1 AND lease_until <= $1
        ORDER BY next_delivery_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      UPDATE documents d SET lease_owner = $3, lease_until = $4 FROM picked WHERE d.id = picked.id
      RETURNING ${PG_DOCUMENT_COLUMNS.replace(/(\w+)/g, 'd.$1')}, (SELECT upo FROM document_upo u WHERE u.id = d.id) AS upo`,
    [now, limit, claim.owner, now + claim.leaseMs]);
    return rows.sort((a, b) => a.next_delivery_at - b.next_delivery_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(withUpo);
  }

  async deferDelivery(id: string, nextAt: number, now: number, error?: string): Promise<void> {
    await this.pool.query(`UPDATE documents SET delivery_attempts = delivery_attempts + 1, next_delivery_at = $1, updated_at = $2,
      delivery_error = COALESCE($4, delivery_error), lease_owner = NULL, lease_until = 0 WHERE id = $3`, [nextAt, now, id, error ?? null]);
  }

  async failingDeliveries(limit: number): Promise<FailingDeliveries> {
    const where = "state IN ('accepted', 'rejected') AND delivery_error IS NOT NULL";
    const { count } = (await this.pool.query<{ count: number }>(`SELECT COUNT(*)::int AS count FROM documents WHERE ${where}`)).rows[0];
    const latest = (await this.pool.query<FailingDeliveries['latest'][number] & { contextNip: string | null }>(`SELECT id, source,
      erp_id AS "erpId", context_nip AS "contextNip", delivery_attempts AS "deliveryAttempts", next_delivery_at AS "nextDeliveryAt",
      delivery_error AS error, updated_at AS "updatedAt" FROM documents WHERE ${where} ORDER BY updated_at DESC, id DESC LIMIT $1`, [limit])).rows;
    return { count, latest: latest.map(({ contextNip, ...d }) => (contextNip === null ? d : { ...d, contextNip })) };
  }

  async redeliver(id: string, now: number): Promise<boolean> {
    return ((await this.pool.query(`UPDATE documents SET ${REDELIVER_SET}, next_delivery_at = $1, updated_at = $2 WHERE id = $3
      AND state IN ('accepted', 'rejected', 'delivered')`, [now, now, id])).rowCount ?? 0) === 1;
  }

  async recordProblem(area: string, message: string, now: number): Promise<void> {
    await this.pool.query(`INSERT INTO gateway_problems (area, message, count, first_at, last_at) VALUES ($1, $2, 1, $3, $3)
      ON CONFLICT (area) DO UPDATE SET message = excluded.message, count = gateway_problems.count + 1, last_at = excluded.last_at`, [area, message, now]);
  }

  async clearProblem(area: string): Promise<void> {
    await this.pool.query('DELETE FROM gateway_problems WHERE area = $1', [area]);
  }

  async problems(): Promise<GatewayProblem[]> {
    return (await this.pool.query<GatewayProblem>(`SELECT area, message, count, first_at AS "firstAt", last_at AS "lastAt"
      FROM gateway_problems ORDER BY last_at DESC, area`)).rows;
  }

  async countsByState(): Promise<StateCount[]> {
    return (await this.pool.query<StateCount>(`SELECT context_nip AS "contextNip", state, COUNT(*)::int AS count FROM documents
      GROUP BY context_nip, state ORDER BY context_nip NULLS FIRST, state`)).rows;
  }

  async listDocuments(query: DocumentListQuery): Promise<SubmissionRecord[]> {
    const { where, values } = documentListWhere(query, (i) => `$${i}`);
    return this.docs(`SELECT ${PG_DOCUMENT_COLUMNS} FROM documents WHERE ${where}
      ORDER BY created_at DESC, id DESC LIMIT $${values.length + 1}`, [...values, query.limit]);
  }

  async latestErrors(limit: number): Promise<SubmissionRecord[]> {
    return this.docs(`SELECT ${PG_DOCUMENT_COLUMNS} FROM documents WHERE errors <> '[]' ORDER BY updated_at DESC, id DESC LIMIT $1`, [limit]);
  }

  async setContextPaused(contextNip: string, reason: string | null, now: number): Promise<void> {
    await this.pool.query(`INSERT INTO contexts (context_nip, paused_reason, updated_at) VALUES ($1, $2, $3)
      ON CONFLICT (context_nip) DO UPDATE SET paused_reason = EXCLUDED.paused_reason, updated_at = EXCLUDED.updated_at`,
    [contextNip, reason, now]);
  }

  async pausedContexts(): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ context_nip: string; paused_reason: string }>(
      'SELECT context_nip, paused_reason FROM contexts WHERE paused_reason IS NOT NULL');
    return new Map(rows.map((r) => [r.context_nip, r.paused_reason]));
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** The UPOs the items carry, in one statement; the caller's transaction makes them commit with the transitions. */
async function saveUpos(c: pg.PoolClient, items: readonly Pick<TransitionItem, 'id' | 'patch'>[]): Promise<void> {
  // One row per document (the last UPO wins): ON CONFLICT cannot touch one row twice in a statement.
  const upos = new Map(items.filter((t) => t.patch.upo !== undefined).map((t) => [t.id, t.patch.upo as Uint8Array]));
  if (upos.size === 0) return;
  await c.query(`INSERT INTO document_upo (id, upo) SELECT * FROM unnest($1::text[], $2::bytea[])
    ON CONFLICT (id) DO UPDATE SET upo = EXCLUDED.upo`, [[...upos.keys()], [...upos.values()]]);
}

function badTransition(id: string, state: DocumentState | undefined, to: DocumentState): GatewayError {
  return new GatewayError('GW_PIPELINE_BAD_TRANSITION', 'system', `Document ${id} cannot go from ${state ?? 'nowhere'} to ${to}`,
    { location: id, details: { from: state, to } });
}
