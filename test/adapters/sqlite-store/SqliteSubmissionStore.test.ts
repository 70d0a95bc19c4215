import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { jest } from '@jest/globals';
import { GroupCommit } from '../../../adapters/sqlite-store/GroupCommit.js';
import { MIGRATIONS } from '../../../adapters/sqlite-store/migrations.js';
import { SqliteSubmissionStore } from '../../../adapters/sqlite-store/SqliteSubmissionStore.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import type { AdmitInput } from '../../../core/pipeline/ports/SubmissionStore.js';
import { describeSubmissionStoreContract } from '../../support/storeContract.js';

describe('SqliteSubmissionStore', () => {
  let dir: string;
  let file: string;
  let store: SqliteSubmissionStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'store-'));
    file = join(dir, 'gateway.db');
    store = new SqliteSubmissionStore(file);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const queue = async (id: string, erpId: string, now = 1): Promise<void> => {
    await store.receive({ id, source: 'erp', erpId, urgent: false, now });
    await store.transition(id, 'queued', {
      now, contextNip: '1111111111', xml: Buffer.from(`<x>${id}</x>`), invoiceHash: `h-${id}`, invoiceSize: 10,
      key: { sellerNip: '1111111111', invoiceKind: 'VAT', invoiceNumber: `FV/${erpId}` },
    });
  };

  it('returns the existing document when the same ERP id is received again', async () => {
    const first = await store.receive({ id: 'a', source: 'erp', erpId: 'E1', urgent: false, now: 1 });
    const again = await store.receive({ id: 'b', source: 'erp', erpId: 'E1', urgent: true, now: 2 });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.record.id).toBe('a');
    const otherSource = await store.receive({ id: 'c', source: 'csv', erpId: 'E1', urgent: false, now: 3 });
    expect(otherSource.created).toBe(true);
  });

  it('admits a prepared document as queued, or invalid when its key is held, in one step', async () => {
    const key = { sellerNip: '1111111111', invoiceKind: 'VAT', invoiceNumber: 'FV/1' };
    const queued = { queued: { now: 1, key, contextNip: '1111111111', xml: Buffer.from('<a/>'), invoiceHash: 'h1', invoiceSize: 4 } };
    const onKeyHeld = (h: { erpId: string }) => [{ code: 'HELD', message: `held by ${h.erpId}` }];
    const a = await store.admit({ id: 'a', source: 'erp', erpId: 'E1', urgent: false, now: 1, verdict: queued, onKeyHeld });
    expect(a).toMatchObject({ created: true, record: { id: 'a', state: 'queued', invoiceHash: 'h1' } });
    expect((await store.getXml('a'))?.toString()).toBe('<a/>');
    const b = await store.admit({ id: 'b', source: 'erp', erpId: 'E2', urgent: false, now: 2, verdict: queued, onKeyHeld });
    expect(b.record).toMatchObject({ state: 'invalid', errors: [{ code: 'HELD', message: 'held by E1' }] });
    const again = await store.admit({ id: 'c', source: 'erp', erpId: 'E1', urgent: false, now: 3, verdict: { invalid: [] }, onKeyHeld });
    expect(again).toMatchObject({ created: false, record: { id: 'a', state: 'queued' } });
  });

  describe('admitting documents submitted at the same time', () => {
    const key = (n: string) => ({ sellerNip: '1111111111', invoiceKind: 'VAT', invoiceNumber: `FV/${n}` });
    const admission = (erpId: string, keyOf: string, onKeyHeld: AdmitInput['onKeyHeld']): AdmitInput => ({
      id: `id-${erpId}`, source: 'erp', erpId, urgent: false, now: 1, onKeyHeld,
      verdict: { queued: { now: 1, key: key(keyOf), contextNip: '1111111111', xml: Buffer.from(`<${erpId}/>`), invoiceHash: `h-${erpId}`, invoiceSize: 4 } },
    });
    const held: AdmitInput['onKeyHeld'] = (h) => [{ code: 'HELD', message: `held by ${h.erpId}` }];
    let commits: ReturnType<typeof jest.spyOn>;
    beforeEach(() => { commits = jest.spyOn(GroupCommit.prototype, 'commit'); });
    afterEach(() => { commits.mockRestore(); });

    it('admits them in one shared commit, every one durable, and one that fails fails alone', async () => {
      const ok = Array.from({ length: 20 }, (_, i) => admission(`E${i}`, String(i), held));
      const failing = admission('E-fail', '3', () => { throw new Error('boom while settling'); });
      const duplicate = admission('E-dup', '4', held);
      const other = new SqliteSubmissionStore(file);
      try {
        const results = Promise.allSettled([...ok, failing, duplicate].map((input) => store.admit(input)));
        expect(await other.get('id-E0')).toBeUndefined();
        const settled = await results;
        expect(commits).toHaveBeenCalledTimes(1);
        expect(settled.map((r) => r.status)).toEqual([...ok.map(() => 'fulfilled'), 'rejected', 'fulfilled']);
        expect((settled[20] as PromiseRejectedResult).reason).toEqual(new Error('boom while settling'));
        // Read through another connection: what the callers were told is committed.
        for (const input of ok) {
          expect(await other.get(input.id)).toMatchObject({ state: 'queued', erpId: input.erpId, invoiceHash: `h-${input.erpId}` });
          expect((await other.getXml(input.id))?.toString()).toBe(`<${input.erpId}/>`);
        }
        expect(await other.getByErpId('erp', 'E-fail')).toBeUndefined();
        expect(await other.getByErpId('erp', 'E-dup')).toMatchObject({ state: 'invalid', errors: [{ code: 'HELD', message: 'held by E4' }] });
        expect((settled[21] as PromiseFulfilledResult<{ record: { state: string } }>).value.record.state).toBe('invalid');
      } finally {
        await other.close();
      }
    });

    it('commits admissions still waiting for their group when the store closes, and answers them', async () => {
      const waiting = [admission('C1', '1', held), admission('C2', '2', held)].map((input) => store.admit(input));
      await store.close();
      await expect(Promise.all(waiting)).resolves.toMatchObject([{ created: true }, { created: true }]);
      store = new SqliteSubmissionStore(file);
      expect(await store.getByErpId('erp', 'C1')).toMatchObject({ state: 'queued' });
      expect(await store.getByErpId('erp', 'C2')).toMatchObject({ state: 'queued' });
    });

    it('gives each admission its own commit when they arrive one after another', async () => {
      const first = await store.admit(admission('E1', '1', held));
      const again = await store.admit({ ...admission('E1', '1', held), id: 'other-id' });
      expect(commits).toHaveBeenCalledTimes(2);
      expect(first).toMatchObject({ created: true, record: { id: 'id-E1', state: 'queued' } });
      expect(again).toMatchObject({ created: false, record: { id: 'id-E1', state: 'queued' } });
    });

    it('settles two admissions of one ERP id in one group as it would one after the other', async () => {
      const [a, b] = await Promise.all([store.admit(admission('E1', '1', held)), store.admit({ ...admission('E1', '1', held), id: 'other-id' })]);
      expect(commits).toHaveBeenCalledTimes(1);
      expect(a).toMatchObject({ created: true, record: { id: 'id-E1', state: 'queued' } });
      expect(b).toMatchObject({ created: false, record: { id: 'id-E1', state: 'queued' } });
    });
  });

  it('refuses a transition the state machine does not allow and writes nothing', async () => {
    await store.receive({ id: 'a', source: 'erp', erpId: 'E1', urgent: false, now: 1 });
    await expect(store.transition('a', 'accepted', { now: 2, ksefNumber: 'X' })).rejects.toThrow(GatewayError);
    const rec = await store.get('a');
    expect(rec?.state).toBe('received');
    expect(rec?.ksefNumber).toBeUndefined();
  });

  it('refuses a transition whose expected source state is stale', async () => {
    await queue('a', 'E1');
    await expect(store.transition('a', 'invalid', { now: 2 }, 'received')).rejects.toThrow(/cannot go from queued/);
  });

  it('applies several transitions in one transaction, or none when one of them is not allowed', async () => {
    await queue('a', 'E1');
    await queue('b', 'E2');
    await store.receive({ id: 'c', source: 'erp', erpId: 'E3', urgent: false, now: 1 });
    await expect(store.transitionMany([{ id: 'a', to: 'sending', patch: { now: 2 } }, { id: 'c', to: 'sending', patch: { now: 2 } }]))
      .rejects.toThrow(/c cannot go from received to sending/);
    expect((await store.get('a'))?.state).toBe('queued');
    await store.transitionMany([{ id: 'a', to: 'sending', patch: { now: 3 } }, { id: 'b', to: 'sending', patch: { now: 3 }, from: 'queued' }]);
    expect([(await store.get('a'))?.state, (await store.get('b'))?.state]).toEqual(['sending', 'sending']);
  });

  it('leases queued documents to one owner until the lease expires', async () => {
    await queue('a', 'E1', 1);
    await queue('b', 'E2', 2);
    const one = await store.claimQueued({ contextNip: '1111111111', limit: 10, owner: 'w1', leaseMs: 1000, now: 10 });
    expect(one.map((d) => d.id)).toEqual(['a', 'b']);
    expect(one[0].xml.toString()).toBe('<x>a</x>');
    const two = await store.claimQueued({ contextNip: '1111111111', limit: 10, owner: 'w2', leaseMs: 1000, now: 500 });
    expect(two).toEqual([]);
    const later = await store.claimQueued({ contextNip: '1111111111', limit: 10, owner: 'w2', leaseMs: 1000, now: 1011 });
    expect(later).toHaveLength(2);
    await expect(store.assignToSession(['a'], 'S1', 'w1', 1012)).rejects.toThrow(/no longer claimed/);
    await store.assignToSession(['a', 'b'], 'S1', 'w2', 1012);
    expect((await store.listBySession('S1')).map((d) => d.state)).toEqual(['sending', 'sending']);
  });

  it('finds the document that holds a duplicate key, but not a rejected one', async () => {
    await queue('a', 'E1');
    const key = { sellerNip: '1111111111', invoiceKind: 'VAT', invoiceNumber: 'FV/E1' };
    expect((await store.findKeyHolder(key, 'z'))?.id).toBe('a');
    expect(await store.findKeyHolder(key, 'a')).toBeUndefined();
    const claimed = await store.claimQueued({ contextNip: '1111111111', limit: 1, owner: 'w', leaseMs: 10, now: 5 });
    await store.assignToSession(claimed.map((c) => c.id), 'S', 'w', 6);
    await store.transition('a', 'rejected', { now: 7, errors: [{ code: '450', message: 'bad' }] });
    expect(await store.findKeyHolder(key, 'z')).toBeUndefined();
    expect((await store.dueDeliveries(7, 10)).map((d) => d.id)).toEqual(['a']);
    await store.deferDelivery('a', 100, 8);
    expect(await store.dueDeliveries(99, 10)).toEqual([]);
    expect((await store.latestErrors(5))[0].errors[0].code).toBe('450');
  });

  it('keeps everything across a reopen and applies each migration once', async () => {
    await queue('a', 'E1');
    await store.setContextPaused('1111111111', 'token revoked', 3);
    await store.close();
    store = new SqliteSubmissionStore(file);
    expect((await store.get('a'))?.state).toBe('queued');
    expect((await store.pausedContexts()).get('1111111111')).toBe('token revoked');
    expect(await store.countsByState()).toEqual([{ contextNip: '1111111111', state: 'queued', count: 1 }]);
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
    raw.close();
  });

  it('stores sessions and their polling state', async () => {
    await store.saveSession({ ref: 'S1', owner: 'i1', contextNip: '1111111111', kind: 'online', state: 'open', validUntil: 100,
      invoiceCount: 0, nextPollAt: 0, pollAttempts: 0, createdAt: 1, updatedAt: 1 });
    await store.updateSession('S1', { state: 'closing', invoiceCount: 3, now: 2 });
    expect((await store.listSessions(['closing']))[0]).toMatchObject({ ref: 'S1', invoiceCount: 3, updatedAt: 2 });
    expect(await store.listSessions(['open'])).toEqual([]);
    expect(await store.listSessions(['closing'], { owner: 'i2' })).toEqual([]);
    expect(await store.listSessions(['closing'], { owner: 'i1', contextNip: '1111111111' })).toHaveLength(1);
    // Another instance adopts it only once nobody touched it for the stale period.
    expect(await store.adoptSessions('i2', 2, 10)).toBe(0);
    expect(await store.adoptSessions('i2', 3, 10)).toBe(1);
    expect((await store.getSession('S1'))?.owner).toBe('i2');
  });
});

describeSubmissionStoreContract('SqliteSubmissionStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
  const file = join(dir, 'gateway.db');
  const store = new SqliteSubmissionStore(file);
  return {
    store,
    another: async () => new SqliteSubmissionStore(file),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
