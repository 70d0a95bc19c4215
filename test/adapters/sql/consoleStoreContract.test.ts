import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgConsoleStore } from '../../../adapters/postgres-store/PgConsoleStore.js';
import { PgSubmissionStore } from '../../../adapters/postgres-store/PgSubmissionStore.js';
import { SqliteConsoleStore } from '../../../adapters/sqlite-store/SqliteConsoleStore.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import type { ConsoleStore } from '../../../core/console/ports/ConsoleStore.js';
import type { SubmissionStore } from '../../../core/pipeline/ports/SubmissionStore.js';
import { dropSchema, pgTestUrl, testSchemaName } from '../postgres-store/pgTestSchema.js';

const NIP = '5265877635';
const OTHER = '1111111111';

interface Stores { submissions: SubmissionStore; console: ConsoleStore; close(): Promise<void> }

const kinds: [string, () => Promise<Stores>][] = [
  ['SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-store-'));
    const submissions = new SqliteSubmissionStore(join(dir, 'g.sqlite'));
    const console = new SqliteConsoleStore(join(dir, 'g.sqlite'));
    return { submissions, console, close: async () => { await console.close(); await submissions.close(); rmSync(dir, { recursive: true, force: true }); } };
  }],
  ['PostgreSQL', async () => {
    const schema = testSchemaName();
    const submissions = await PgSubmissionStore.open({ url: pgTestUrl(), schema, max: 2 });
    const console = await PgConsoleStore.open({ url: pgTestUrl(), schema });
    return { submissions, console, close: async () => { await console.close(); await submissions.close(); await dropSchema(schema); } };
  }],
];

describe.each(kinds)('console store on %s', (_name, open) => {
  let s: Stores;
  beforeEach(async () => { s = await open(); });
  afterEach(async () => { await s.close(); });

  const queue = (id: string, now: number, nip = NIP, number = `FV/${id}`) => s.submissions.admit({ id, source: 'erp', erpId: `E-${id}`, urgent: false, now,
    verdict: { queued: { now, contextNip: nip, xml: Buffer.from(`<x>${id}</x>`), invoiceHash: `h-${id}`, invoiceSize: 10,
      key: { sellerNip: nip, invoiceKind: 'VAT', invoiceNumber: number } } }, onKeyHeld: () => [] });
  const invalid = (id: string, now: number, codes: string[]) => s.submissions.admit({ id, source: 'erp', erpId: `E-${id}`, urgent: false, now,
    verdict: { invalid: codes.map((code) => ({ code, message: `${code} in ${id}`, location: 'Fa/P_15' })), contextNip: NIP }, onKeyHeld: () => [] });

  it('records every state change with its time and the instance that made it', async () => {
    await queue('a', 10);
    await s.submissions.claimQueued({ contextNip: NIP, limit: 10, owner: 'inst-1', leaseMs: 1000, now: 11 });
    await s.submissions.assignToSession(['a'], 'S1', 'inst-1', 12);
    await s.submissions.transition('a', 'rejected', { now: 13, errors: [{ code: '450', message: 'schema' }] });
    // PostgreSQL's admission inserts `received` and settles it in the same transaction; SQLite writes it settled.
    const h = (await s.console.history('a')).filter((e) => e.to !== 'received');
    expect(h.map((e) => [e.to, e.at])).toEqual([['queued', 10], ['sending', 12], ['rejected', 13]]);
    expect(h.slice(1).map((e) => e.from)).toEqual(['queued', 'sending']);
    expect(h[1]!.instance).toBe('inst-1');
  });

  it('groups failed documents by error code and lists them newest first', async () => {
    await invalid('i1', 1, ['FA3_P15', 'FA3_NIP']);
    await invalid('i2', 2, ['FA3_P15']);
    await invalid('i3', 3, ['FA3_P15']);
    await queue('q', 4);
    const groups = await s.console.failureGroups({ limit: 10 });
    expect(groups.map((g) => [g.code, g.count])).toEqual([['FA3_P15', 3], ['FA3_NIP', 1]]);
    expect(groups[0]!.example).toBe('FA3_P15 in i3');
    const page1 = await s.console.failuresOf('FA3_P15', { limit: 2 });
    expect(page1.map((d) => d.id)).toEqual(['i3', 'i2']);
    const page2 = await s.console.failuresOf('FA3_P15', { limit: 2, before: { at: page1[1]!.failedAt!, id: page1[1]!.id } });
    expect(page2.map((d) => d.id)).toEqual(['i1']);
  });

  it('counts a rejection by KSeF under its code, and keeps it there once delivered', async () => {
    await queue('r', 1);
    await s.submissions.transition('r', 'sending', { now: 2 });
    await s.submissions.transition('r', 'rejected', { now: 3, errors: [{ code: '440', message: 'duplicate' }] });
    await s.submissions.transition('r', 'delivered', { now: 4 });
    expect((await s.console.failureGroups({ limit: 10 })).map((g) => [g.code, g.count])).toEqual([['440', 1]]);
  });

  it('searches by ERP id, invoice number, context, state and dates with keyset pages', async () => {
    for (let i = 0; i < 5; i += 1) await queue(`d${i}`, 100 + i);
    await queue('x', 200, OTHER, 'FV/OTHER');
    expect((await s.console.searchDocuments({ erpId: 'E-d3', limit: 10 })).map((d) => d.id)).toEqual(['d3']);
    expect((await s.console.searchDocuments({ invoiceNumber: 'FV/OTHER', limit: 10 })).map((d) => d.id)).toEqual(['x']);
    expect((await s.console.searchDocuments({ contextNip: OTHER, limit: 10 })).map((d) => d.id)).toEqual(['x']);
    expect((await s.console.searchDocuments({ createdFrom: 101, createdTo: 103, limit: 10 })).map((d) => d.id)).toEqual(['d2', 'd1']);
    const first = await s.console.searchDocuments({ contextNip: NIP, state: 'queued', limit: 2 });
    expect(first.map((d) => d.id)).toEqual(['d4', 'd3']);
    const next = await s.console.searchDocuments({ contextNip: NIP, state: 'queued', limit: 10, before: { createdAt: 103, id: 'd3' } });
    expect(next.map((d) => d.id)).toEqual(['d2', 'd1', 'd0']);
  });

  it('gives each context its counts, oldest waiting document, pause and last acceptance', async () => {
    await queue('old', 5);
    await queue('new', 50);
    await queue('acc', 60, NIP, 'FV/acc');
    await s.submissions.transition('acc', 'sending', { now: 61 });
    await s.submissions.transition('acc', 'accepted', { now: 62, ksefNumber: `${NIP}-20260101-0000000000-00` });
    await s.submissions.setContextPaused(NIP, 'token revoked', 70);
    const [facts] = await s.console.contextFacts(100);
    expect(facts).toMatchObject({ contextNip: NIP, counts: { queued: 2, accepted: 1 }, oldestWaiting: { id: 'old', createdAt: 5 },
      lastAcceptedAt: 62, pausedReason: 'token revoked', pausedAt: 70 });
    // A document passes through sending: counted there while it was, no longer once it moved on.
    expect(facts!.counts.sending).toBeUndefined();
  });

  it('keeps users, sessions, failed sign-ins and the audit log', async () => {
    await s.console.putUser({ username: 'ala', passwordHash: 'h', role: 'viewer', now: 1 });
    expect(await s.console.recordFailedSignIn('ala', 2)).toBe(1);
    expect(await s.console.recordFailedSignIn('ala', 3, 1000)).toBe(2);
    expect(await s.console.getUser('ala')).toMatchObject({ failedAttempts: 2, lockedUntil: 1000, role: 'viewer' });
    await s.console.recordSignIn('ala', 4);
    expect(await s.console.getUser('ala')).toMatchObject({ failedAttempts: 0, lockedUntil: 0, lastLoginAt: 4 });
    await s.console.createSession({ idHash: 'x', username: 'ala', csrf: 'c', expiresAt: 100, now: 5 });
    expect(await s.console.getSession('x', 50)).toMatchObject({ username: 'ala', role: 'viewer', csrf: 'c' });
    expect(await s.console.getSession('x', 100)).toBeUndefined();
    await s.console.putUser({ username: 'ala', passwordHash: 'h2', role: 'operator', now: 6 });
    expect(await s.console.getSession('x', 50)).toMatchObject({ role: 'operator' });
    await s.console.deleteSessionsOf('ala');
    expect(await s.console.getSession('x', 50)).toBeUndefined();
    await s.console.audit({ at: 7, username: 'ala', action: 'document.retry', target: 'd1', outcome: 'ok' });
    await s.console.audit({ at: 8, username: 'ala', action: 'credential.revoke', target: NIP, outcome: 'refused', detail: 'viewer' });
    const log = await s.console.listAudit({ limit: 10 });
    expect(log.map((e) => [e.action, e.outcome])).toEqual([['credential.revoke', 'refused'], ['document.retry', 'ok']]);
    expect((await s.console.listAudit({ limit: 10, before: log[0]!.seq })).map((e) => e.action)).toEqual(['document.retry']);
  });
});
