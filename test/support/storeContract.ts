import { GatewayError } from '../../core/errors/GatewayError.js';
import type {
  SessionRecord, SubmissionPatch, SubmissionStore,
} from '../../core/pipeline/ports/SubmissionStore.js';

/** A fresh, empty store; `another` opens a second handle on the same database (a second gateway instance). */
export interface StoreUnderTest {
  readonly store: SubmissionStore;
  readonly close: () => Promise<void>;
  readonly another?: () => Promise<SubmissionStore>;
}

const NIP = '1111111111';
const OTHER_NIP = '2222222222';

/**
 * The behaviour every SubmissionStore must show, whatever the database: one suite run against SQLite and PostgreSQL
 * so that the pipeline can rely on the port alone.
 */
export function describeSubmissionStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name} (SubmissionStore contract)`, () => {
    let sut: StoreUnderTest;
    let store: SubmissionStore;
    const extra: SubmissionStore[] = [];
    beforeEach(async () => {
      sut = await makeStore();
      store = sut.store;
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await sut.close();
    });
    const second = async (): Promise<SubmissionStore> => {
      if (!sut.another) throw new Error(`${name}: the contract needs a second handle (another) for this test`);
      const s = await sut.another();
      extra.push(s);
      return s;
    };

    const queue = async (id: string, now = 1, patch: Partial<SubmissionPatch> = {}, urgent = false): Promise<void> => {
      await store.receive({ id, source: 'erp', erpId: `E-${id}`, urgent, now });
      await store.transition(id, 'queued', {
        contextNip: NIP, xml: Buffer.from(`<x>${id}</x>`), invoiceHash: `h-${id}`, invoiceSize: 10,
        key: { sellerNip: NIP, invoiceKind: 'VAT', invoiceNumber: `FV/${id}` }, ...patch, now,
      });
    };
    const claim = (owner: string, now: number, more: { limit?: number; leaseMs?: number; contextNip?: string } = {}) =>
      store.claimQueued({ contextNip: more.contextNip ?? NIP, limit: more.limit ?? 100, owner, leaseMs: more.leaseMs ?? 1000, now });
    const send = async (ids: string[], ref: string, now: number): Promise<void> => {
      const got = await store.claimQueued({ contextNip: NIP, limit: 100, owner: 'send', leaseMs: 1000, now });
      await store.assignToSession(got.map((g) => g.id).filter((id) => ids.includes(id)), ref, 'send', now);
      await store.releaseClaims('send');
    };

    it('returns the existing document when the same (source, ERP id) is received again', async () => {
      const first = await store.receive({ id: 'a', source: 'erp', erpId: 'E1', urgent: false, now: 1 });
      const again = await store.receive({ id: 'b', source: 'erp', erpId: 'E1', urgent: true, now: 2 });
      expect(first).toMatchObject({ created: true, record: { id: 'a', state: 'received', urgent: false, createdAt: 1 } });
      expect(again).toMatchObject({ created: false, record: { id: 'a', urgent: false } });
      expect((await store.receive({ id: 'c', source: 'csv', erpId: 'E1', urgent: true, now: 3 })).created).toBe(true);
      expect(await store.get('b')).toBeUndefined();
      expect((await store.getByErpId('csv', 'E1'))?.id).toBe('c');
      expect(await store.getByErpId('csv', 'nope')).toBeUndefined();
    });

    it('creates one document when the same ERP id arrives twice at the same moment', async () => {
      const results = await Promise.all(['a', 'b', 'c', 'd'].map((id, i) =>
        store.receive({ id, source: 'erp', erpId: 'SAME', urgent: false, now: i })));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.record.id)).size).toBe(1);
    });

    const verdict = (n: string, more: Partial<SubmissionPatch> = {}) => ({ queued: {
      now: 2, contextNip: NIP, xml: Buffer.from(`<x>${n}</x>`), invoiceHash: `h-${n}`, invoiceSize: 10,
      key: { sellerNip: NIP, invoiceKind: 'VAT', invoiceNumber: n }, ...more } });
    const held = (holder: { id: string }) => [{ code: 'HELD', message: `held by ${holder.id}` }];

    it('admits a prepared document queued, or invalid with its errors, in one step', async () => {
      const q = await store.admit({ id: 'a', source: 'erp', erpId: 'A', urgent: true, now: 1, verdict: verdict('FV/1'), onKeyHeld: held });
      expect(q).toMatchObject({ created: true, record: { id: 'a', state: 'queued', urgent: true, contextNip: NIP, invoiceHash: 'h-FV/1', createdAt: 1 } });
      expect((await store.getXml('a'))?.toString()).toBe('<x>FV/1</x>');
      const bad = await store.admit({ id: 'b', source: 'erp', erpId: 'B', urgent: false, now: 1,
        verdict: { invalid: [{ code: 'F1', message: 'P_15 differs', location: 'Fa/P_15' }] }, onKeyHeld: held });
      expect(bad).toMatchObject({ created: true, record: { state: 'invalid', errors: [{ code: 'F1', message: 'P_15 differs', location: 'Fa/P_15' }] } });
    });

    it('keeps the warnings of an admitted document, queued or invalid, through the transitions to its outcome', async () => {
      const warning = { code: 'FA3_NIP_CHECKSUM', message: 'buyer NIP has a wrong check digit (a warning against KSeF TEST)', location: 'Podmiot2/DaneIdentyfikacyjne/NIP' };
      await store.admit({ id: 'w', source: 'erp', erpId: 'W', urgent: false, now: 1, verdict: verdict('FV/W', { warnings: [warning] }), onKeyHeld: held });
      await store.admit({ id: 'n', source: 'erp', erpId: 'N', urgent: false, now: 1, verdict: verdict('FV/N'), onKeyHeld: held });
      await store.admit({ id: 'i', source: 'erp', erpId: 'I', urgent: false, now: 1,
        verdict: { invalid: [{ code: 'F1', message: 'P_15 differs' }], warnings: [warning] }, onKeyHeld: held });
      expect((await store.get('i'))?.warnings).toEqual([warning]);
      expect((await store.get('n'))?.warnings ?? []).toEqual([]);
      await send(['w', 'n'], 'S', 2);
      await store.transitionMany([{ id: 'w', to: 'accepted', patch: { now: 3, ksefNumber: 'K-W' } }, { id: 'n', to: 'accepted', patch: { now: 3, ksefNumber: 'K-N' } }]);
      const due = await store.dueDeliveries(4, 10);
      expect(due.find((d) => d.id === 'w')?.warnings).toEqual([warning]);
      expect(due.find((d) => d.id === 'n')?.warnings ?? []).toEqual([]);
    });

    it('admits a known ERP id as the existing document, unchanged', async () => {
      await store.admit({ id: 'a', source: 'erp', erpId: 'A', urgent: false, now: 1, verdict: verdict('FV/1'), onKeyHeld: held });
      const again = await store.admit({ id: 'z', source: 'erp', erpId: 'A', urgent: true, now: 5,
        verdict: { invalid: [{ code: 'X', message: 'x' }] }, onKeyHeld: held });
      expect(again).toMatchObject({ created: false, record: { id: 'a', state: 'queued', urgent: false, updatedAt: 2 } });
      expect(await store.get('z')).toBeUndefined();
      await store.receive({ id: 'r', source: 'erp', erpId: 'R', urgent: false, now: 1 });
      const settled = await store.admit({ id: 'y', source: 'erp', erpId: 'R', urgent: false, now: 3, verdict: verdict('FV/2'), onKeyHeld: held });
      expect(settled).toMatchObject({ created: false, record: { id: 'r', state: 'queued' } });
    });

    it('admits a document whose duplicate key another document holds as invalid, naming the holder', async () => {
      await store.admit({ id: 'a', source: 'erp', erpId: 'A', urgent: false, now: 1, verdict: verdict('FV/1'), onKeyHeld: held });
      const dup = await store.admit({ id: 'b', source: 'erp', erpId: 'B', urgent: false, now: 1, verdict: verdict('FV/1'), onKeyHeld: held });
      expect(dup.record).toMatchObject({ state: 'invalid', errors: [{ code: 'HELD', message: 'held by a' }] });
    });

    it('frees a duplicate key once its KSeF rejection is delivered, and keeps it for a delivered acceptance', async () => {
      await store.admit({ id: 'r', source: 'erp', erpId: 'R', urgent: false, now: 1, verdict: verdict('FV/R'), onKeyHeld: held });
      await store.admit({ id: 'a', source: 'erp', erpId: 'A', urgent: false, now: 1, verdict: verdict('FV/A'), onKeyHeld: held });
      await send(['r', 'a'], 'S1', 3);
      await store.transition('r', 'rejected', { now: 4, errors: [{ code: '450', message: 'bad' }] }, 'sending');
      await store.transition('r', 'delivered', { now: 5 }, 'rejected');
      await store.transition('a', 'accepted', { now: 4, ksefNumber: `${NIP}-20261203-0000000000-00`, acquisitionDate: '2026-12-03T08:00:00Z' }, 'sending');
      await store.transition('a', 'delivered', { now: 5 }, 'accepted');
      const corrected = await store.admit({ id: 'r2', source: 'erp', erpId: 'R2', urgent: false, now: 6, verdict: verdict('FV/R'), onKeyHeld: held });
      expect(corrected.record.state).toBe('queued');
      const again = await store.admit({ id: 'a2', source: 'erp', erpId: 'A2', urgent: false, now: 6, verdict: verdict('FV/A'), onKeyHeld: held });
      expect(again.record).toMatchObject({ state: 'invalid', errors: [{ code: 'HELD', message: 'held by a' }] });
    });

    it('counts an invalid document under the context it names, where the verdict gives one', async () => {
      await store.admit({ id: 'b', source: 'erp', erpId: 'B', urgent: false, now: 1,
        verdict: { invalid: [{ code: 'F1', message: 'P_15 differs' }], contextNip: NIP }, onKeyHeld: held });
      await store.admit({ id: 'c', source: 'erp', erpId: 'C', urgent: false, now: 1, verdict: { invalid: [{ code: 'F2', message: 'not XML' }] }, onKeyHeld: held });
      expect((await store.get('b'))?.contextNip).toBe(NIP);
      expect(await store.countsByState()).toEqual(expect.arrayContaining([
        { contextNip: NIP, state: 'invalid', count: 1 },
        expect.objectContaining({ state: 'invalid', count: 1 }),
      ]));
      expect((await store.countsByState()).filter((c) => c.state === 'invalid')).toHaveLength(2);
    });

    it('queues one of several documents admitted at once with the same ERP id or the same duplicate key', async () => {
      const sameErp = await Promise.all(['a', 'b', 'c', 'd'].map((id) =>
        store.admit({ id, source: 'erp', erpId: 'SAME', urgent: false, now: 1, verdict: verdict('FV/S'), onKeyHeld: held })));
      expect(sameErp.filter((r) => r.created)).toHaveLength(1);
      expect(sameErp.every((r) => r.record.state === 'queued' && r.record.id === sameErp[0].record.id)).toBe(true);
      const handles = sut.another ? [store, await second()] : [store, store];
      const sameKey = await Promise.all(['e', 'f', 'g', 'h'].map((id, i) =>
        handles[i % 2].admit({ id, source: 'erp', erpId: id, urgent: false, now: 1, verdict: verdict('FV/K'), onKeyHeld: held })));
      expect(sameKey.filter((r) => r.record.state === 'queued')).toHaveLength(1);
      expect(sameKey.filter((r) => r.record.state === 'invalid')).toHaveLength(3);
    });

    it('persists everything a transition writes with the new state', async () => {
      await store.receive({ id: 'a', source: 'erp', erpId: 'E1', urgent: true, now: 1 });
      const xml = Buffer.from([0x3c, 0x78, 0xc5, 0x82, 0x00, 0xff, 0x3e]);
      const queued = await store.transition('a', 'queued', {
        now: 2, contextNip: NIP, key: { sellerNip: NIP, invoiceKind: 'KOR', invoiceNumber: 'FV/1' }, issueDate: '2026-11-25',
        hasAttachment: true, xml, invoiceHash: 'hash', invoiceSize: 7,
      });
      expect(queued).toMatchObject({ state: 'queued', contextNip: NIP, issueDate: '2026-11-25', hasAttachment: true,
        invoiceHash: 'hash', invoiceSize: 7, updatedAt: 2, attempts: 0, key: { sellerNip: NIP, invoiceKind: 'KOR', invoiceNumber: 'FV/1' } });
      expect((await store.getXml('a'))?.equals(xml)).toBe(true);
      expect(await store.getXml('missing')).toBeUndefined();
      await send(['a'], 'S1', 3);
      await store.transition('a', 'sent', { now: 4, invoiceRef: 'INV-1' }, 'sending');
      await store.transition('a', 'queued', { now: 5, sessionRef: null, invoiceRef: null, incrementAttempts: true });
      expect(await store.get('a')).toMatchObject({ state: 'queued', attempts: 1, sessionRef: undefined, invoiceRef: undefined });
      await send(['a'], 'S2', 6);
      const accepted = await store.transition('a', 'accepted', {
        now: 7, ksefNumber: '1111111111-20261125-ABCDEF-01', acquisitionDate: '2026-11-25T10:00:00Z', upo: Buffer.from('<UPO/>'),
        errors: [{ code: 'W1', message: 'warn', location: 'Fa/P_2' }],
      });
      expect(accepted).toMatchObject({ sessionRef: 'S2', ksefNumber: '1111111111-20261125-ABCDEF-01', upoPath: undefined,
        acquisitionDate: '2026-11-25T10:00:00Z', nextDeliveryAt: 7, errors: [{ code: 'W1', message: 'warn', location: 'Fa/P_2' }] });
      expect(await store.get('a')).toEqual(accepted);
    });

    it('refuses a transition the state machine does not allow and writes nothing', async () => {
      await store.receive({ id: 'a', source: 'erp', erpId: 'E1', urgent: false, now: 1 });
      const err = await store.transition('a', 'accepted', { now: 2, ksefNumber: 'X' }).catch((e: unknown) => e);
      expect(GatewayError.is(err, 'GW_PIPELINE_BAD_TRANSITION')).toBe(true);
      expect(await store.get('a')).toMatchObject({ state: 'received', updatedAt: 1, ksefNumber: undefined });
      await expect(store.transition('nope', 'queued', { now: 2 })).rejects.toThrow(/nope cannot go from nowhere to queued/);
    });

    it('refuses a transition whose expected source state is stale', async () => {
      await queue('a');
      await expect(store.transition('a', 'invalid', { now: 2 }, 'received')).rejects.toThrow(/a cannot go from queued to invalid/);
      expect((await store.get('a'))?.state).toBe('queued');
    });

    it('lets only one of two racing transitions from the same state win', async () => {
      await store.receive({ id: 'a', source: 'erp', erpId: 'E1', urgent: false, now: 1 });
      const results = await Promise.allSettled([
        store.transition('a', 'invalid', { now: 2, errors: [{ code: 'X', message: 'bad' }] }, 'received'),
        store.transition('a', 'queued', { now: 2, contextNip: NIP }, 'received'),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('applies several transitions in one transaction, or none when one of them is not allowed', async () => {
      await queue('a');
      await queue('b');
      await store.receive({ id: 'c', source: 'erp', erpId: 'E3', urgent: false, now: 1 });
      await expect(store.transitionMany([{ id: 'a', to: 'sending', patch: { now: 2 } }, { id: 'c', to: 'sending', patch: { now: 2 } }]))
        .rejects.toThrow(/c cannot go from received to sending/);
      expect(await store.get('a')).toMatchObject({ state: 'queued', updatedAt: 1 });
      await store.transitionMany([{ id: 'a', to: 'sending', patch: { now: 3 } }, { id: 'b', to: 'sending', patch: { now: 3 }, from: 'queued' }]);
      expect([(await store.get('a'))?.state, (await store.get('b'))?.state]).toEqual(['sending', 'sending']);
      await store.transitionMany([]);
    });

    it('writes each item\'s own patch in a batch of transitions, as single transitions would', async () => {
      for (const id of ['a', 'b', 'c']) await queue(id, 1);
      await store.receive({ id: 'r', source: 'erp', erpId: 'R', urgent: false, now: 1 });
      await send(['a', 'b', 'c'], 'S1', 2);
      await store.transitionMany([
        { id: 'a', to: 'accepted', patch: { now: 5, ksefNumber: 'K-a', acquisitionDate: '2026-11-25T10:00:00Z', upo: Buffer.from('<UPO a/>') } },
        { id: 'b', to: 'rejected', patch: { now: 6, errors: [{ code: '450', message: 'bad', location: 'Fa/P_2' }] }, from: 'sending' },
        { id: 'c', to: 'queued', patch: { now: 7, sessionRef: null, invoiceRef: null, incrementAttempts: true } },
        { id: 'r', to: 'queued', patch: { now: 8, contextNip: NIP, xml: Buffer.from([0, 1, 255]), hasAttachment: true, invoiceSize: 3,
          invoiceHash: 'h-r', issueDate: '2026-11-01', key: { sellerNip: NIP, invoiceKind: 'ZAL', invoiceNumber: 'Z/1' } } },
      ]);
      expect(await store.get('a')).toMatchObject({ state: 'accepted', ksefNumber: 'K-a', acquisitionDate: '2026-11-25T10:00:00Z',
        sessionRef: 'S1', nextDeliveryAt: 5, updatedAt: 5, errors: [] });
      expect((await store.getUpo('a'))?.toString()).toBe('<UPO a/>');
      expect(await store.getUpo('b')).toBeUndefined();
      expect(await store.get('b')).toMatchObject({ state: 'rejected', nextDeliveryAt: 6, errors: [{ code: '450', message: 'bad', location: 'Fa/P_2' }] });
      expect(await store.get('c')).toMatchObject({ state: 'queued', attempts: 1, sessionRef: undefined, invoiceHash: 'h-c', invoiceSize: 10 });
      expect(await store.get('r')).toMatchObject({ state: 'queued', hasAttachment: true, invoiceSize: 3, invoiceHash: 'h-r', issueDate: '2026-11-01',
        key: { sellerNip: NIP, invoiceKind: 'ZAL', invoiceNumber: 'Z/1' }, updatedAt: 8 });
      expect((await store.getXml('r'))?.equals(Buffer.from([0, 1, 255]))).toBe(true);
      expect((await store.getXml('c'))?.toString()).toBe('<x>c</x>');
    });

    it('applies two steps of one document in one batch in order', async () => {
      await queue('a', 1);
      await send(['a'], 'S1', 2);
      await store.transitionMany([
        { id: 'a', to: 'sent', patch: { now: 3, invoiceRef: 'I-1' }, from: 'sending' },
        { id: 'a', to: 'accepted', patch: { now: 4, ksefNumber: 'K' }, from: 'sent' },
      ]);
      expect(await store.get('a')).toMatchObject({ state: 'accepted', invoiceRef: 'I-1', ksefNumber: 'K' });
      await expect(store.transitionMany([
        { id: 'a', to: 'delivered', patch: { now: 5 } },
        { id: 'a', to: 'delivered', patch: { now: 6 } },
      ])).rejects.toThrow(/a cannot go from delivered to delivered/);
      expect(await store.get('a')).toMatchObject({ state: 'accepted', updatedAt: 4 });
    });

    it('claims queued documents of one context oldest first, up to the limit, with their XML', async () => {
      await queue('b', 2);
      await queue('a', 1);
      await queue('c', 3);
      await queue('o', 0, { contextNip: OTHER_NIP });
      await store.receive({ id: 'r', source: 'erp', erpId: 'R', urgent: false, now: 0 });
      const got = await claim('w1', 10, { limit: 2 });
      expect(got.map((d) => d.id)).toEqual(['a', 'b']);
      expect(got.map((d) => d.xml.toString())).toEqual(['<x>a</x>', '<x>b</x>']);
      expect(got[0]).toMatchObject({ state: 'queued', contextNip: NIP, invoiceHash: 'h-a' });
      expect((await claim('w2', 10)).map((d) => d.id)).toEqual(['c']);
      expect((await claim('w3', 10, { contextNip: OTHER_NIP })).map((d) => d.id)).toEqual(['o']);
    });

    it('leaves other documents alone when asked for urgent ones or none with attachments', async () => {
      await queue('plain', 1);
      await queue('urgent', 2, {}, true);
      await queue('attached', 3, { hasAttachment: true }, true);
      const urgent = await store.claimQueued({ contextNip: NIP, limit: 10, owner: 'w', leaseMs: 10, now: 5, urgentOnly: true, withAttachments: false });
      expect(urgent.map((d) => d.id)).toEqual(['urgent']);
      const rest = await store.claimQueued({ contextNip: NIP, limit: 10, owner: 'w', leaseMs: 10, now: 5, withAttachments: true });
      expect(rest.map((d) => d.id)).toEqual(['plain', 'attached']);
    });

    it('keeps a lease from other claimers until it expires, then lets another owner take the document', async () => {
      await queue('a', 1);
      await queue('b', 2);
      expect(await claim('w1', 10)).toHaveLength(2);
      expect(await claim('w2', 500)).toEqual([]);
      expect(await claim('w2', 1009)).toEqual([]);
      expect((await claim('w2', 1010)).map((d) => d.id)).toEqual(['a', 'b']);
      const lost = await store.assignToSession(['a'], 'S1', 'w1', 1012).catch((e: unknown) => e);
      expect(GatewayError.is(lost, 'GW_STORE_CLAIM_LOST')).toBe(true);
      await store.assignToSession(['a', 'b'], 'S1', 'w2', 1012);
      expect((await store.listBySession('S1')).map((d) => [d.id, d.state])).toEqual([['a', 'sending'], ['b', 'sending']]);
    });

    it('assigns claimed documents to a session all together or not at all', async () => {
      await queue('a', 1);
      await queue('b', 2);
      await claim('w1', 10, { limit: 1 });
      await claim('w2', 10);
      await expect(store.assignToSession(['a', 'b'], 'S1', 'w1', 11)).rejects.toThrow(/b is no longer claimed by w1/);
      expect((await store.get('a'))?.state).toBe('queued');
      expect(await store.listBySession('S1')).toEqual([]);
    });

    it('releases the given claims, or all claims of an owner, so others can take them at once', async () => {
      await queue('a', 1);
      await queue('b', 2);
      await queue('c', 3);
      await claim('w1', 10);
      await store.releaseClaims('w2', ['a']);
      expect(await claim('w2', 11)).toEqual([]);
      await store.releaseClaims('w1', ['a']);
      expect((await claim('w2', 11)).map((d) => d.id)).toEqual(['a']);
      await store.releaseClaims('w1');
      expect((await claim('w3', 12)).map((d) => d.id)).toEqual(['b', 'c']);
    });

    it('gives concurrent claimers disjoint sets that together hold every queued document', async () => {
      for (let i = 0; i < 40; i += 1) await queue(`d${String(i).padStart(2, '0')}`, i);
      const handles = sut.another ? [store, await second()] : [store, store];
      const batches = await Promise.all(Array.from({ length: 8 }, (_, i) =>
        handles[i % 2].claimQueued({ contextNip: NIP, limit: 7, owner: `w${i}`, leaseMs: 60_000, now: 100 })));
      const ids = batches.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(40);
    });

    it('finds the document holding a duplicate key, but not itself nor a rejected one', async () => {
      await queue('a');
      const key = { sellerNip: NIP, invoiceKind: 'VAT', invoiceNumber: 'FV/a' };
      expect((await store.findKeyHolder(key, 'z'))?.id).toBe('a');
      expect(await store.findKeyHolder(key, 'a')).toBeUndefined();
      expect(await store.findKeyHolder({ ...key, invoiceKind: 'KOR' }, 'z')).toBeUndefined();
      await send(['a'], 'S', 6);
      await store.transition('a', 'rejected', { now: 7, errors: [{ code: '450', message: 'bad' }] });
      expect(await store.findKeyHolder(key, 'z')).toBeUndefined();
    });

    it('offers verdicts for delivery when due, defers them and lists the latest errors', async () => {
      await queue('a', 1);
      await queue('b', 1);
      await send(['a', 'b'], 'S', 2);
      await store.transition('b', 'accepted', { now: 5, ksefNumber: 'K' });
      await store.transition('a', 'rejected', { now: 7, errors: [{ code: '450', message: 'bad' }] });
      expect((await store.dueDeliveries(6, 10)).map((d) => d.id)).toEqual(['b']);
      expect((await store.dueDeliveries(7, 10)).map((d) => d.id)).toEqual(['b', 'a']);
      expect((await store.dueDeliveries(7, 1)).map((d) => d.id)).toEqual(['b']);
      await store.deferDelivery('a', 100, 8);
      expect(await store.get('a')).toMatchObject({ deliveryAttempts: 1, nextDeliveryAt: 100, updatedAt: 8 });
      expect((await store.dueDeliveries(99, 10)).map((d) => d.id)).toEqual(['b']);
      await store.transition('b', 'delivered', { now: 9 });
      expect((await store.dueDeliveries(1000, 10)).map((d) => d.id)).toEqual(['a']);
      const errors = await store.latestErrors(5);
      expect(errors.map((d) => d.id)).toEqual(['a']);
      expect(errors[0].errors[0]).toEqual({ code: '450', message: 'bad' });
    });

    it('keeps why a delivery failed until the outcome is delivered, and lists the failing ones newest first', async () => {
      await queue('a');
      await queue('b');
      await queue('c');
      await send(['a', 'b', 'c'], 'S', 2);
      await store.transition('a', 'accepted', { now: 5, ksefNumber: 'K-A' });
      await store.transition('b', 'rejected', { now: 5, errors: [{ code: '450', message: 'bad' }] });
      await store.transition('c', 'accepted', { now: 5, ksefNumber: 'K-C' });
      expect(await store.failingDeliveries(10)).toEqual({ count: 0, latest: [] });
      await store.deferDelivery('a', 100, 8, 'ERP down');
      await store.deferDelivery('b', 100, 9, 'no adapter "erp"');
      // A hand-made retry (no error) keeps the last failure's reason.
      await store.deferDelivery('b', 10, 10);
      expect(await store.failingDeliveries(10)).toEqual({ count: 2, latest: [
        { id: 'b', source: 'erp', erpId: 'E-b', contextNip: NIP, deliveryAttempts: 2, nextDeliveryAt: 10, error: 'no adapter "erp"', updatedAt: 10 },
        { id: 'a', source: 'erp', erpId: 'E-a', contextNip: NIP, deliveryAttempts: 1, nextDeliveryAt: 100, error: 'ERP down', updatedAt: 8 },
      ] });
      expect((await store.failingDeliveries(1)).latest.map((d) => d.id)).toEqual(['b']);
      await store.transition('a', 'delivered', { now: 11 });
      expect(await store.failingDeliveries(10)).toMatchObject({ count: 1, latest: [{ id: 'b' }] });
    });

    it('redelivers a final outcome on request: a delivered one returns to its verdict, attempts restart, due now', async () => {
      await queue('a', 1);
      await queue('r', 1);
      await queue('q', 1);
      await send(['a', 'r'], 'S', 2);
      await store.transition('a', 'accepted', { now: 3, ksefNumber: 'K-A' });
      await store.transition('r', 'rejected', { now: 3, errors: [{ code: '450', message: 'bad' }] });
      await store.deferDelivery('a', 500, 4);
      await store.deferDelivery('a', 900, 5);
      await store.transition('r', 'delivered', { now: 6 });
      expect(await store.redeliver('a', 10)).toBe(true);
      expect(await store.get('a')).toMatchObject({ state: 'accepted', deliveryAttempts: 0, nextDeliveryAt: 10 });
      await store.transition('a', 'delivered', { now: 11 });
      expect(await store.redeliver('a', 12)).toBe(true);
      expect(await store.redeliver('r', 12)).toBe(true);
      expect(await store.get('a')).toMatchObject({ state: 'accepted', deliveryAttempts: 0, nextDeliveryAt: 12 });
      expect(await store.get('r')).toMatchObject({ state: 'rejected', deliveryAttempts: 0 });
      expect((await store.dueDeliveries(12, 10)).map((d) => d.id).sort()).toEqual(['a', 'r']);
      // No verdict yet, or no such document: nothing written.
      expect(await store.redeliver('q', 13)).toBe(false);
      expect(await store.redeliver('nope', 13)).toBe(false);
      expect(await store.get('q')).toMatchObject({ state: 'queued', updatedAt: 1 });
    });

    it('keeps a failing background area with its count and latest message until it is cleared', async () => {
      expect(await store.problems()).toEqual([]);
      await store.recordProblem('plugin:inbox', 'ENOENT one', 10);
      await store.recordProblem('certificate-expiry', 'vault unreadable', 12);
      await store.recordProblem('plugin:inbox', 'ENOENT two', 15);
      expect(await store.problems()).toEqual([
        { area: 'plugin:inbox', message: 'ENOENT two', count: 2, firstAt: 10, lastAt: 15 },
        { area: 'certificate-expiry', message: 'vault unreadable', count: 1, firstAt: 12, lastAt: 12 },
      ]);
      await store.clearProblem('plugin:inbox');
      expect((await store.problems()).map((p) => p.area)).toEqual(['certificate-expiry']);
    });

    it('finds documents by id, ERP id of any source, or KSeF number', async () => {
      await queue('a', 1);
      await store.receive({ id: 'b', source: 'rest', erpId: 'E-a', urgent: false, now: 2 });
      await send(['a'], 'S', 3);
      await store.transition('a', 'accepted', { now: 4, ksefNumber: 'K-1' });
      expect((await store.findByReference('E-a', 10)).map((d) => d.id)).toEqual(['a', 'b']);
      expect((await store.findByReference('K-1', 10)).map((d) => d.id)).toEqual(['a']);
      expect((await store.findByReference('b', 10)).map((d) => d.id)).toEqual(['b']);
      expect((await store.findByReference('E-a', 1)).map((d) => d.id)).toEqual(['a']);
      expect(await store.findByReference('none', 10)).toEqual([]);
    });

    it('summarises the claimable queue per context', async () => {
      await queue('a', 5, { invoiceSize: 100 });
      await queue('b', 3, { invoiceSize: 50, hasAttachment: true }, true);
      await queue('c', 1, { invoiceSize: 1000 });
      await queue('o', 9, { contextNip: OTHER_NIP, invoiceSize: 7 });
      await claim('w', 10, { limit: 1 });
      const summary = await store.queueSummary(20);
      expect([...summary].sort((x, y) => x.contextNip.localeCompare(y.contextNip))).toEqual([
        { contextNip: NIP, queued: 2, urgent: 1, oldestCreatedAt: 3, bytes: 150, withAttachments: 1 },
        { contextNip: OTHER_NIP, queued: 1, urgent: 0, oldestCreatedAt: 9, bytes: 7, withAttachments: 0 },
      ]);
      expect(await store.queueSummary(10_000)).toContainEqual(expect.objectContaining({ contextNip: NIP, queued: 3, bytes: 1150 }));
    });

    it('counts documents by context and state', async () => {
      await queue('a');
      await queue('b');
      await store.receive({ id: 'r', source: 'erp', erpId: 'R', urgent: false, now: 1 });
      expect(await store.countsByState()).toEqual([
        { contextNip: null, state: 'received', count: 1 },
        { contextNip: NIP, state: 'queued', count: 2 },
      ]);
    });

    it('lists a source\'s documents newest first, filtered, page by page', async () => {
      const add = (id: string, source: string, erpId: string, now: number, invalid = false) => store.admit({ id, source, erpId, urgent: false, now,
        verdict: invalid ? { invalid: [{ code: 'X', message: 'bad' }] } : verdict(`FV/${id}`, { contextNip: erpId.slice(0, 10) }), onKeyHeld: held });
      await add('d1', 'rest', `${NIP}/A`, 10);
      await add('d2', 'rest', `${OTHER_NIP}/B`, 20);
      await add('d3', 'rest', `${NIP}/C`, 20, true);
      await add('d4', 'other', `${NIP}/D`, 30);
      await add('d5', 'rest', `${NIP}/E`, 40);
      const ids = async (q: Partial<Parameters<SubmissionStore['listDocuments']>[0]>) =>
        (await store.listDocuments({ source: 'rest', limit: 10, ...q })).map((d) => d.id);
      expect(await ids({})).toEqual(['d5', 'd3', 'd2', 'd1']);
      expect(await ids({ erpIdPrefixes: [`${NIP}/`] })).toEqual(['d5', 'd3', 'd1']);
      expect(await ids({ erpIdPrefixes: [] })).toEqual([]);
      expect(await ids({ erpIdPrefixes: [`${NIP}/`, `${OTHER_NIP}/`], states: ['invalid'] })).toEqual(['d3']);
      expect(await ids({ erpId: `${OTHER_NIP}/B` })).toEqual(['d2']);
      expect(await ids({ contextNip: NIP, createdFrom: 10, createdTo: 40 })).toEqual(['d1']);
      expect(await ids({ limit: 2 })).toEqual(['d5', 'd3']);
      expect(await ids({ limit: 2, before: { createdAt: 20, id: 'd3' } })).toEqual(['d2', 'd1']);
    });

    it('pauses and resumes a context', async () => {
      await store.setContextPaused(NIP, 'token revoked', 1);
      await store.setContextPaused(OTHER_NIP, 'no credentials', 1);
      await store.setContextPaused(OTHER_NIP, null, 2);
      expect(await store.pausedContexts()).toEqual(new Map([[NIP, 'token revoked']]));
      await store.setContextPaused(NIP, 'other reason', 3);
      expect((await store.pausedContexts()).get(NIP)).toBe('other reason');
    });

    const session = (ref: string, more: Partial<SessionRecord> = {}): SessionRecord => ({
      ref, owner: 'i1', contextNip: NIP, kind: 'online', state: 'open', validUntil: 100, invoiceCount: 0,
      nextPollAt: 0, pollAttempts: 0, createdAt: 1, updatedAt: 1, ...more,
    });

    it('stores sessions and their polling state, filtered by state, context and owner', async () => {
      await store.saveSession(session('S1'));
      await store.saveSession(session('S2', { kind: 'batch', owner: 'i2', contextNip: OTHER_NIP, createdAt: 2, statusCode: 100 }));
      expect(await store.getSession('S2')).toEqual(session('S2', { kind: 'batch', owner: 'i2', contextNip: OTHER_NIP, createdAt: 2, statusCode: 100 }));
      expect(await store.getSession('nope')).toBeUndefined();
      const updated = await store.updateSession('S1', { state: 'closing', invoiceCount: 3, statusCode: 200, nextPollAt: 50, pollAttempts: 2, now: 2 });
      expect(updated).toEqual(session('S1', { state: 'closing', invoiceCount: 3, statusCode: 200, nextPollAt: 50, pollAttempts: 2, updatedAt: 2 }));
      expect((await store.listSessions(['closing', 'open'])).map((s) => s.ref)).toEqual(['S1', 'S2']);
      expect(await store.listSessions(['processed'])).toEqual([]);
      expect(await store.listSessions(['closing'], { owner: 'i2' })).toEqual([]);
      expect((await store.listSessions(['closing', 'open'], { owner: 'i1', contextNip: NIP })).map((s) => s.ref)).toEqual(['S1']);
      expect((await store.listSessions(['closing', 'open'], { contextNip: OTHER_NIP })).map((s) => s.ref)).toEqual(['S2']);
      const missing = await store.updateSession('nope', { now: 3 }).catch((e: unknown) => e);
      expect(GatewayError.is(missing, 'GW_STORE_NO_SESSION')).toBe(true);
    });

    it('adopts only the unfinished, stale sessions of other instances', async () => {
      await store.saveSession(session('stale', { owner: 'dead', updatedAt: 10 }));
      await store.saveSession(session('fresh', { owner: 'alive', updatedAt: 60 }));
      await store.saveSession(session('done', { owner: 'dead', state: 'processed', updatedAt: 10 }));
      await store.saveSession(session('mine', { owner: 'me', updatedAt: 10 }));
      expect(await store.adoptSessions('me', 50, 70)).toBe(1);
      expect(await store.getSession('stale')).toMatchObject({ owner: 'me', updatedAt: 70 });
      expect(await store.getSession('fresh')).toMatchObject({ owner: 'alive' });
      expect(await store.getSession('done')).toMatchObject({ owner: 'dead' });
      expect(await store.getSession('mine')).toMatchObject({ owner: 'me', updatedAt: 10 });
      expect(await store.adoptSessions('other', 50, 80)).toBe(1);
      expect(await store.getSession('mine')).toMatchObject({ owner: 'other', updatedAt: 80 });
      expect(await store.getSession('stale')).toMatchObject({ owner: 'me' });
    });

    // Every byte value, a BOM, CRLF and bytes that are not UTF-8: a UPO must come back exactly as KSeF sent it.
    const upoBytes = (tag: string): Uint8Array => new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(`<UPO>${tag}</UPO>\r\n`),
      ...Array.from({ length: 256 }, (_, i) => i), 0xc3, 0x28]);

    it('keeps an accepted document\'s UPO byte for byte and hands it out with its due delivery', async () => {
      await queue('a');
      await queue('b');
      await send(['a', 'b'], 'S1', 2);
      const upo = upoBytes('a');
      await store.transition('a', 'accepted', { now: 3, ksefNumber: 'K-a', upo }, 'sending');
      await store.transition('b', 'rejected', { now: 3, errors: [{ code: '450', message: 'bad' }] }, 'sending');
      expect((await store.getUpo('a'))?.equals(upo)).toBe(true);
      expect(await store.getUpo('b')).toBeUndefined();
      expect(await store.getUpo('missing')).toBeUndefined();
      const due = await store.dueDeliveries(3, 10);
      expect(due.map((d) => [d.id, d.upo === undefined ? undefined : Buffer.compare(d.upo, upo)])).toEqual([['a', 0], ['b', undefined]]);
      await store.transition('a', 'delivered', { now: 4 });
      expect((await store.getUpo('a'))?.equals(upo)).toBe(true);
    });

    it('stores a UPO only together with its acceptance: a refused transition or batch leaves no UPO behind', async () => {
      await queue('a');
      await queue('b');
      await send(['a'], 'S1', 2);
      await expect(store.transition('b', 'accepted', { now: 3, ksefNumber: 'K-b', upo: upoBytes('b') }, 'sending'))
        .rejects.toThrow(/b cannot go from queued to accepted/);
      expect(await store.getUpo('b')).toBeUndefined();
      await expect(store.transitionMany([
        { id: 'a', to: 'accepted', from: 'sending', patch: { now: 3, ksefNumber: 'K-a', upo: upoBytes('a') } },
        { id: 'b', to: 'accepted', from: 'sending', patch: { now: 3, ksefNumber: 'K-b', upo: upoBytes('b') } },
      ])).rejects.toThrow(/b cannot go from queued to accepted/);
      expect(await store.getUpo('a')).toBeUndefined();
      expect(await store.get('a')).toMatchObject({ state: 'sending', ksefNumber: undefined });
      await store.transitionMany([{ id: 'a', to: 'accepted', from: 'sending', patch: { now: 4, ksefNumber: 'K-a', upo: upoBytes('a') } }]);
      expect((await store.getUpo('a'))?.equals(upoBytes('a'))).toBe(true);
    });

    it('keeps a session\'s UPO pages in order, byte for byte, with its final state', async () => {
      await store.saveSession(session('S1', { kind: 'batch', state: 'closed' }));
      const pages = [upoBytes('page 1'), upoBytes('page 2')];
      const done = await store.updateSession('S1', { state: 'processed', statusCode: 200, upoPages: pages, now: 5 });
      expect(done).toMatchObject({ state: 'processed', upoPages: 2, upoPath: undefined });
      expect(await store.getSession('S1')).toEqual(done);
      expect((await store.getSessionUpo('S1', 1))?.equals(pages[0])).toBe(true);
      expect((await store.getSessionUpo('S1', 2))?.equals(pages[1])).toBe(true);
      expect(await store.getSessionUpo('S1', 3)).toBeUndefined();
      expect((await store.updateSession('S1', { now: 6 })).upoPages).toBe(2);
      const missing = await store.updateSession('nope', { upoPages: pages, now: 7 }).catch((e: unknown) => e);
      expect(GatewayError.is(missing, 'GW_STORE_NO_SESSION')).toBe(true);
      expect(await store.getSessionUpo('nope', 1)).toBeUndefined();
    });

    const acceptAll = async (ids: string[], now: number): Promise<void> => {
      for (const id of ids) await queue(id, 1);
      await send(ids, 'S1', 2);
      await store.transitionMany(ids.map((id) => ({ id, to: 'accepted' as const, patch: { now, ksefNumber: `K-${id}` } })));
    };
    const ids = (docs: readonly { id: string }[]): string[] => docs.map((d) => d.id);

    it('leases a due outcome to one deliverer until it is deferred, released or its lease ends', async () => {
      await acceptAll(['a', 'b'], 3);
      expect(ids(await store.dueDeliveries(3, 10, { owner: 'i1', leaseMs: 100 }))).toEqual(['a', 'b']);
      expect(await store.dueDeliveries(50, 10, { owner: 'i2', leaseMs: 100 })).toEqual([]);
      expect(ids(await store.dueDeliveries(50, 10))).toEqual(['a', 'b']);
      await store.deferDelivery('a', 60, 50);
      expect(ids(await store.dueDeliveries(60, 10, { owner: 'i2', leaseMs: 100 }))).toEqual(['a']);
      await store.releaseClaims('i1');
      expect(ids(await store.dueDeliveries(61, 10, { owner: 'i2', leaseMs: 100 }))).toEqual(['b']);
      expect(await store.dueDeliveries(159, 10, { owner: 'i3', leaseMs: 100 })).toEqual([]);
      expect(ids(await store.dueDeliveries(161, 10, { owner: 'i3', leaseMs: 100 }))).toEqual(['b', 'a']);
      await store.transition('a', 'delivered', { now: 162 });
      expect(await store.get('a')).toMatchObject({ state: 'delivered' });
      await store.releaseClaims('i3');
      expect(ids(await store.dueDeliveries(163, 10, { owner: 'i4', leaseMs: 100 }))).toEqual(['b']);
    });

    it('never hands one due outcome to two instances claiming deliveries in parallel', async () => {
      const other = await second();
      const all = Array.from({ length: 40 }, (_, i) => `d${String(i).padStart(2, '0')}`);
      await acceptAll(all, 3);
      const [a, b] = await Promise.all([store.dueDeliveries(5, 30, { owner: 'i1', leaseMs: 1000 }),
        other.dueDeliveries(5, 30, { owner: 'i2', leaseMs: 1000 })]);
      expect([...ids(a), ...ids(b)].sort()).toEqual(all);
    });

    it('renames a session together with its documents\' reference', async () => {
      await queue('a');
      await store.saveSession(session('tmp-1', { kind: 'batch', state: 'uploading' }));
      await send(['a'], 'tmp-1', 2);
      const renamed = await store.rebindSession('tmp-1', 'KSEF-REF', { state: 'closing', now: 3 });
      expect(renamed).toMatchObject({ ref: 'KSEF-REF', state: 'closing', updatedAt: 3 });
      expect(await store.getSession('tmp-1')).toBeUndefined();
      expect((await store.listBySession('KSEF-REF', ['sending'])).map((d) => d.id)).toEqual(['a']);
      expect(await store.listBySession('KSEF-REF', ['sent'])).toEqual([]);
      expect(await store.listBySession('tmp-1')).toEqual([]);
      await store.updateSession('KSEF-REF', { upoPages: [Buffer.from('<p1/>')], now: 4 });
      await store.rebindSession('KSEF-REF', 'KSEF-REF-2', { now: 5 });
      expect((await store.getSessionUpo('KSEF-REF-2', 1))?.toString()).toBe('<p1/>');
      expect(await store.getSessionUpo('KSEF-REF', 1)).toBeUndefined();
    });

    it('shows one handle\'s writes to another handle on the same database', async () => {
      const other = await second();
      await queue('a');
      await store.setContextPaused(NIP, 'paused', 2);
      expect((await other.get('a'))?.state).toBe('queued');
      expect((await other.pausedContexts()).get(NIP)).toBe('paused');
      expect((await other.receive({ id: 'x', source: 'erp', erpId: 'E-a', urgent: false, now: 3 })).created).toBe(false);
    });
  });
}
