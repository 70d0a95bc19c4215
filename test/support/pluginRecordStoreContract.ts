import type { PluginRecordStore } from '../../core/plugins/ports/PluginRecordStore.js';

/** A fresh, empty store whose clock the suite moves; `another` opens a second handle on the same database. */
export interface RecordStoreUnderTest {
  readonly store: PluginRecordStore;
  readonly another: () => Promise<PluginRecordStore>;
  readonly close: () => Promise<void>;
}

/**
 * What every PluginRecordStore must do, whatever the database: one suite run against SQLite and PostgreSQL, so that
 * plugins (API keys, idempotency keys, webhook outboxes) rely on the port alone.
 */
export function describePluginRecordStoreContract(name: string, make: (now: () => number) => Promise<RecordStoreUnderTest>): void {
  describe(`${name} (PluginRecordStore contract)`, () => {
    let clock = 1_000_000;
    let sut: RecordStoreUnderTest;
    const extra: PluginRecordStore[] = [];
    beforeEach(async () => {
      clock = 1_000_000;
      sut = await make(() => clock);
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await sut.close();
    });

    it('inserts a record once: a second insert of a live key writes nothing', async () => {
      const s = sut.store.scoped('rest');
      expect(await s.insert('keys', 'k1', { a: 1 })).toBe(true);
      expect(await s.insert('keys', 'k1', { a: 2 })).toBe(false);
      expect(await s.get('keys', 'k1')).toEqual({ key: 'k1', value: { a: 1 }, version: 1, createdAt: clock, updatedAt: clock });
    });

    it('never shows one instance the records of another, nor one collection those of another', async () => {
      await sut.store.scoped('a').insert('keys', 'k', 'A');
      expect(await sut.store.scoped('b').get('keys', 'k')).toBeUndefined();
      expect(await sut.store.scoped('a').get('other', 'k')).toBeUndefined();
      expect(await sut.store.scoped('b').insert('keys', 'k', 'B')).toBe(true);
      expect((await sut.store.scoped('a').get('keys', 'k'))?.value).toBe('A');
      expect(await sut.store.scoped('b').delete('keys', 'k')).toBe(true);
      expect((await sut.store.scoped('a').get('keys', 'k'))?.value).toBe('A');
    });

    it('treats an expired record as absent, replaces it on insert and purges it', async () => {
      const s = sut.store.scoped('rest');
      await s.insert('idem', 'x', 'first', { expiresAt: clock + 100 });
      await s.insert('idem', 'y', 'kept', { expiresAt: clock + 10_000 });
      clock += 100;
      expect(await s.get('idem', 'x')).toBeUndefined();
      expect(await s.update('idem', 'x', 'late')).toBeUndefined();
      expect(await s.list('idem')).toHaveLength(1);
      expect(await s.insert('idem', 'x', 'second', { expiresAt: clock + 100 })).toBe(true);
      expect(await s.get('idem', 'x')).toMatchObject({ value: 'second', createdAt: clock, expiresAt: clock + 100 });
      clock += 100;
      expect(await s.purgeExpired(clock)).toBe(1);
      expect((await s.list('idem')).map((r) => r.key)).toEqual(['y']);
    });

    it('updates with compare-and-set on the version and keeps the options left out', async () => {
      const s = sut.store.scoped('rest');
      await s.insert('w', 'k', { n: 0 }, { dueAt: 5, expiresAt: clock + 1000 });
      clock += 1;
      const next = await s.update('w', 'k', { n: 1 }, { expectVersion: 1 });
      expect(next).toEqual({ key: 'k', value: { n: 1 }, version: 2, dueAt: 5, expiresAt: 1_001_000, createdAt: 1_000_000, updatedAt: clock });
      expect(await s.update('w', 'k', { n: 9 }, { expectVersion: 1 })).toBeUndefined();
      expect(await s.update('w', 'k', { n: 2 }, { dueAt: null })).toMatchObject({ value: { n: 2 }, version: 3 });
      expect((await s.get('w', 'k'))?.dueAt).toBeUndefined();
      expect(await s.update('w', 'missing', 1)).toBeUndefined();
    });

    it('lists in key order with a cursor and a prefix taken literally', async () => {
      const s = sut.store.scoped('rest');
      for (const k of ['b_2', 'a%1', 'b_1', 'bx', 'c']) await s.insert('l', k, k);
      expect((await s.list('l')).map((r) => r.key)).toEqual(['a%1', 'b_1', 'b_2', 'bx', 'c']);
      expect((await s.list('l', { after: 'b_1', limit: 2 })).map((r) => r.key)).toEqual(['b_2', 'bx']);
      expect((await s.list('l', { prefix: 'b_' })).map((r) => r.key)).toEqual(['b_1', 'b_2']);
      expect((await s.list('l', { prefix: 'B' })).map((r) => r.key)).toEqual([]);
    });

    it('claims due records oldest first and leases them until the lease ends', async () => {
      const s = sut.store.scoped('rest');
      await s.insert('out', 'late', 1, { dueAt: 300 });
      await s.insert('out', 'early', 2, { dueAt: 100 });
      await s.insert('out', 'future', 3, { dueAt: 10_000 });
      await s.insert('out', 'never', 4);
      const claimed = await s.claimDue('out', 500, 10, 1000);
      expect(claimed.map((r) => [r.key, r.dueAt])).toEqual([['early', 1500], ['late', 1500]]);
      expect(await s.claimDue('out', 1499, 10, 1000)).toEqual([]);
      await s.update('out', 'early', 2, { dueAt: null });
      expect((await s.claimDue('out', 1500, 10, 1000)).map((r) => r.key)).toEqual(['late']);
    });

    it('never leases one record to two store handles racing for it', async () => {
      const other = await sut.another();
      extra.push(other);
      const [a, b] = [sut.store.scoped('rest'), other.scoped('rest')];
      for (let i = 0; i < 40; i += 1) await a.insert('race', `r${String(i).padStart(2, '0')}`, i, { dueAt: i });
      const rounds = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).claimDue('race', 100, 7, 60_000)));
      const keys = rounds.flat().map((r) => r.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toHaveLength(40);
    });

    it('keeps values byte for byte through JSON, including text outside ASCII', async () => {
      const s = sut.store.scoped('rest');
      const value = { name: 'Zażółć gęślą jaźń', amount: '1234.50', nested: [null, true, { x: '\u0000' }] };
      await s.insert('v', 'k', value);
      expect((await s.get('v', 'k'))?.value).toEqual(value);
    });
  });
}
