import type {
  AuditEntry, ConsoleDocumentQuery, ConsoleDocumentRow, ConsoleRole, ConsoleSession, ConsoleStore, ConsoleUser, ContextFacts,
  FailureGroup, HistoryEntry, NewAuditEntry,
} from '../../core/console/ports/ConsoleStore.js';
import type { DocumentState } from '../../core/plugin-api/types.js';

/** The two databases behind one interface: `?` placeholders (the PostgreSQL runner numbers them). */
export interface SqlRunner {
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  close(): Promise<void>;
}

const WAITING: readonly DocumentState[] = ['received', 'queued', 'sending', 'sent'];
const DOC_COLUMNS = `d.id, d.source, d.erp_id, d.state, d.context_nip, d.invoice_number, d.issue_date, d.ksef_number,
  d.errors, d.created_at, d.updated_at`;

interface DocRow {
  id: string; source: string; erp_id: string; state: DocumentState; context_nip: string | null; invoice_number: string | null;
  issue_date: string | null; ksef_number: string | null; errors: string; created_at: number; updated_at: number;
}
interface UserRow {
  username: string; password_hash: string; role: ConsoleRole; failed_attempts: number; locked_until: number;
  last_login_at: number | null; created_at: number;
}

const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

function toDoc(r: DocRow): ConsoleDocumentRow {
  let errorCount = 0;
  try { errorCount = (JSON.parse(r.errors) as unknown[]).length; } catch { errorCount = 0; }
  return {
    id: r.id, source: r.source, erpId: r.erp_id, state: r.state, contextNip: opt(r.context_nip), invoiceNumber: opt(r.invoice_number),
    issueDate: opt(r.issue_date), ksefNumber: opt(r.ksef_number), errorCount, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

function toUser(r: UserRow): ConsoleUser {
  return {
    username: r.username, passwordHash: r.password_hash, role: r.role, failedAttempts: Number(r.failed_attempts),
    lockedUntil: Number(r.locked_until), lastLoginAt: r.last_login_at === null ? undefined : Number(r.last_login_at), createdAt: Number(r.created_at),
  };
}

/** ConsoleStore in plain SQL that SQLite and PostgreSQL both speak; the tables and indexes are migration 45's. */
export class SqlConsoleStore implements ConsoleStore {
  /** `counters`: the store keeps document_counts (SQLite's migration 46); otherwise documents are counted. */
  constructor(private readonly db: SqlRunner, private readonly counters = false) {}

  async putUser(u: { username: string; passwordHash: string; role: ConsoleRole; now: number }): Promise<void> {
    await this.db.run(`INSERT INTO console_users (username, password_hash, role, failed_attempts, locked_until, created_at, updated_at)
      VALUES (?, ?, ?, 0, 0, ?, ?) ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,
      failed_attempts = 0, locked_until = 0, updated_at = excluded.updated_at`, [u.username, u.passwordHash, u.role, u.now, u.now]);
  }

  async getUser(username: string): Promise<ConsoleUser | undefined> {
    const [r] = await this.db.all<UserRow>('SELECT * FROM console_users WHERE username = ?', [username]);
    return r ? toUser(r) : undefined;
  }

  async listUsers(): Promise<ConsoleUser[]> {
    return (await this.db.all<UserRow>('SELECT * FROM console_users ORDER BY username')).map(toUser);
  }

  async recordFailedSignIn(username: string, now: number, lockUntil?: number): Promise<number> {
    const [r] = await this.db.all<{ failed_attempts: number }>(`UPDATE console_users SET failed_attempts = failed_attempts + 1,
      locked_until = CASE WHEN ? > 0 THEN ? ELSE locked_until END, updated_at = ? WHERE username = ? RETURNING failed_attempts`,
    [lockUntil ?? 0, lockUntil ?? 0, now, username]);
    return r ? Number(r.failed_attempts) : 0;
  }

  async recordSignIn(username: string, now: number): Promise<void> {
    await this.db.run(`UPDATE console_users SET failed_attempts = 0, locked_until = 0, last_login_at = ?, updated_at = ?
      WHERE username = ?`, [now, now, username]);
  }

  async createSession(s: { idHash: string; username: string; csrf: string; expiresAt: number; now: number }): Promise<void> {
    await this.db.run('DELETE FROM console_sessions WHERE expires_at <= ?', [s.now]);
    await this.db.run('INSERT INTO console_sessions (id_hash, username, csrf, expires_at, created_at) VALUES (?, ?, ?, ?, ?)',
      [s.idHash, s.username, s.csrf, s.expiresAt, s.now]);
  }

  async getSession(idHash: string, now: number): Promise<ConsoleSession | undefined> {
    const [r] = await this.db.all<{ id_hash: string; username: string; role: ConsoleRole; csrf: string; expires_at: number }>(
      `SELECT s.id_hash, s.username, u.role, s.csrf, s.expires_at FROM console_sessions s
       JOIN console_users u ON u.username = s.username WHERE s.id_hash = ? AND s.expires_at > ?`, [idHash, now]);
    return r ? { idHash: r.id_hash, username: r.username, role: r.role, csrf: r.csrf, expiresAt: Number(r.expires_at) } : undefined;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.run('DELETE FROM console_sessions WHERE id_hash = ?', [idHash]);
  }

  async deleteSessionsOf(username: string): Promise<void> {
    await this.db.run('DELETE FROM console_sessions WHERE username = ?', [username]);
  }

  async audit(e: NewAuditEntry): Promise<void> {
    await this.db.run('INSERT INTO console_audit (at, username, action, target, outcome, detail, remote) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [e.at, e.username, e.action, e.target ?? null, e.outcome, e.detail ?? null, e.remote ?? null]);
  }

  async listAudit(q: { before?: number; limit: number }): Promise<AuditEntry[]> {
    const rows = await this.db.all<{ seq: number; at: number; username: string; action: string; target: string | null;
      outcome: AuditEntry['outcome']; detail: string | null; remote: string | null; }>(
      `SELECT * FROM console_audit ${q.before !== undefined ? 'WHERE seq < ?' : ''} ORDER BY seq DESC LIMIT ?`,
      q.before !== undefined ? [q.before, q.limit] : [q.limit]);
    return rows.map((r) => ({ seq: Number(r.seq), at: Number(r.at), username: r.username, action: r.action, target: opt(r.target),
      outcome: r.outcome, detail: opt(r.detail), remote: opt(r.remote) }));
  }

  async searchDocuments(q: ConsoleDocumentQuery): Promise<ConsoleDocumentRow[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, ...v: unknown[]): void => { where.push(sql); values.push(...v); };
    if (q.erpId !== undefined) add('d.erp_id = ?', q.erpId);
    if (q.invoiceNumber !== undefined) add('d.invoice_number = ?', q.invoiceNumber);
    if (q.ksefNumber !== undefined) add('d.ksef_number = ?', q.ksefNumber);
    if (q.contextNip !== undefined) add('d.context_nip = ?', q.contextNip);
    if (q.state !== undefined) add('d.state = ?', q.state);
    if (q.createdFrom !== undefined) add('d.created_at >= ?', q.createdFrom);
    if (q.createdTo !== undefined) add('d.created_at < ?', q.createdTo);
    if (q.before) add('(d.created_at < ? OR (d.created_at = ? AND d.id < ?))', q.before.createdAt, q.before.createdAt, q.before.id);
    const rows = await this.db.all<DocRow>(`SELECT ${DOC_COLUMNS} FROM documents d ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY d.created_at DESC, d.id DESC LIMIT ?`, [...values, q.limit]);
    return rows.map(toDoc);
  }

  async history(id: string): Promise<HistoryEntry[]> {
    const rows = await this.db.all<{ from_state: DocumentState | null; to_state: DocumentState; instance: string | null; at: number }>(
      'SELECT from_state, to_state, instance, at FROM document_history WHERE id = ? ORDER BY seq', [id]);
    return rows.map((r) => ({ from: opt(r.from_state), to: r.to_state, instance: opt(r.instance), at: Number(r.at) }));
  }

  async contextFacts(): Promise<ContextFacts[]> {
    type Mutable<T> = { -readonly [K in keyof T]: T[K] };
    const facts = new Map<string, { counts: Partial<Record<DocumentState, number>>; f: Mutable<Partial<ContextFacts>> }>();
    const of = (nip: string) => {
      let e = facts.get(nip);
      if (!e) facts.set(nip, e = { counts: {}, f: {} });
      return e;
    };
    for (const r of await this.db.all<{ context_nip: string | null; state: DocumentState; n: number }>(this.counters
      ? 'SELECT context_nip, state, n FROM document_counts WHERE n > 0'
      : 'SELECT context_nip, state, COUNT(*) AS n FROM documents GROUP BY context_nip, state')) {
      of(r.context_nip ?? '').counts[r.state] = Number(r.n);
    }
    for (const r of await this.db.all<{ context_nip: string; paused_reason: string | null; updated_at: number }>(
      'SELECT context_nip, paused_reason, updated_at FROM contexts WHERE paused_reason IS NOT NULL')) {
      Object.assign(of(r.context_nip).f, { pausedReason: r.paused_reason ?? undefined, pausedAt: Number(r.updated_at) });
    }
    for (const [nip, e] of facts) {
      if (nip === '') continue;
      // One index probe per waiting state (documents_queue: state, context_nip, created_at), then the oldest of them.
      for (const state of WAITING) {
        if (!e.counts[state]) continue;
        const [r] = await this.db.all<{ id: string; erp_id: string; created_at: number }>(
          'SELECT id, erp_id, created_at FROM documents WHERE state = ? AND context_nip = ? ORDER BY created_at LIMIT 1', [state, nip]);
        if (r && (!e.f.oldestWaiting || Number(r.created_at) < e.f.oldestWaiting.createdAt)) {
          e.f.oldestWaiting = { id: r.id, erpId: r.erp_id, createdAt: Number(r.created_at), state };
        }
      }
      const [last] = await this.db.all<{ at: number | null }>(
        "SELECT MAX(at) AS at FROM document_history WHERE context_nip = ? AND to_state = 'accepted'", [nip]);
      if (last?.at !== null && last?.at !== undefined) e.f.lastAcceptedAt = Number(last.at);
    }
    return [...facts].map(([contextNip, e]) => ({ ...e.f, contextNip, counts: e.counts }));
  }

  async failureGroups(q: { contextNip?: string; limit: number }): Promise<FailureGroup[]> {
    const rows = await this.db.all<{ code: string; n: number; last_at: number }>(
      `SELECT code, COUNT(*) AS n, MAX(at) AS last_at FROM document_failures ${q.contextNip !== undefined ? 'WHERE context_nip = ?' : ''}
       GROUP BY code ORDER BY n DESC, code LIMIT ?`, q.contextNip !== undefined ? [q.contextNip, q.limit] : [q.limit]);
    const groups: FailureGroup[] = [];
    for (const r of rows) {
      const [ex] = await this.db.all<{ errors: string }>(`SELECT d.errors FROM document_failures f JOIN documents d ON d.id = f.id
        WHERE f.code = ? ORDER BY f.at DESC LIMIT 1`, [r.code]);
      groups.push({ code: r.code, count: Number(r.n), lastAt: Number(r.last_at), example: ex ? exampleMessage(ex.errors, r.code) : undefined });
    }
    return groups;
  }

  async failuresOf(code: string, q: { before?: { at: number; id: string }; limit: number }): Promise<ConsoleDocumentRow[]> {
    const keyset = q.before ? 'AND (f.at < ? OR (f.at = ? AND f.id < ?))' : '';
    const rows = await this.db.all<DocRow & { failed_at: number }>(`SELECT ${DOC_COLUMNS}, f.at AS failed_at FROM document_failures f JOIN documents d ON d.id = f.id
      WHERE f.code = ? ${keyset} ORDER BY f.at DESC, f.id DESC LIMIT ?`,
    q.before ? [code, q.before.at, q.before.at, q.before.id, q.limit] : [code, q.limit]);
    return rows.map((r) => ({ ...toDoc(r), failedAt: Number(r.failed_at) }));
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

function exampleMessage(errors: string, code: string): string | undefined {
  try {
    const list = JSON.parse(errors) as { code?: string; message?: string }[];
    return list.find((e) => e.code === code)?.message;
  } catch {
    return undefined;
  }
}
