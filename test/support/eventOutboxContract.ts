import type { EventOutbox } from '../../core/events/ports/EventOutbox.js';
import type { GatewayEvent } from '../../core/plugin-api/types.js';

/** A fresh, empty outbox; `reopen` opens another handle on the same database (a restart, or a second instance). */
export interface EventOutboxUnderTest {
  readonly outbox: EventOutbox;
  readonly reopen: () => Promise<EventOutbox>;
  readonly close: () => Promise<void>;
}

const paused = (nip: string, at = '2026-01-01T00:00:00Z'): GatewayEvent =>
  ({ type: 'context-paused', at, contextNip: nip, reason: 'token revoked', message: `Context ${nip} is paused` });
const LEASE = { owner: 'gw-1', leaseMs: 60_000 };

/** What every EventOutbox must do, whatever the database: one suite against SQLite and PostgreSQL. */
export function describeEventOutboxContract(name: string, make: () => Promise<EventOutboxUnderTest>): void {
  describe(`${name} (EventOutbox contract)`, () => {
    let sut: EventOutboxUnderTest;
    beforeEach(async () => { sut = await make(); });
    afterEach(async () => { await sut.close(); });

    it('hands a consumer its events in the order they were stored, and none it acknowledged again', async () => {
      const o = sut.outbox;
      await o.register(['mail'], 1);
      for (const nip of ['1111111111', '2222222222', '3333333333']) await o.append(paused(nip), { now: 10 });
      const [batch] = await o.claim(['mail'], 20, LEASE, 10);
      expect(batch.events.map((e) => (e.event as { contextNip: string }).contextNip)).toEqual(['1111111111', '2222222222', '3333333333']);
      expect(batch.attempts).toBe(0);
      await o.acknowledge('mail', batch.events[1].seq, 'gw-1');
      await o.release('mail', 'gw-1');
      const [rest] = await o.claim(['mail'], 21, LEASE, 10);
      expect(rest.events.map((e) => e.seq)).toEqual([batch.events[2].seq]);
      await o.acknowledge('mail', rest.events[0].seq, 'gw-1');
      await o.release('mail', 'gw-1');
      expect(await o.claim(['mail'], 22, LEASE, 10)).toEqual([]);
    });

    it('keeps a failing consumer at its place until the retry time, counting attempts, while others carry on', async () => {
      const o = sut.outbox;
      await o.register(['mail', 'erp'], 1);
      await o.append(paused('1111111111'), { now: 10 });
      const batches = await o.claim(['mail', 'erp'], 20, LEASE, 10);
      expect(batches.map((b) => b.consumer)).toEqual(['erp', 'mail']);
      await o.defer('mail', 1_000, 'SMTP refused', 'gw-1');
      await o.acknowledge('erp', batches[0].events[0].seq, 'gw-1');
      await o.release('erp', 'gw-1');
      expect(await o.claim(['mail', 'erp'], 999, LEASE, 10)).toEqual([]);
      const [again] = await o.claim(['mail', 'erp'], 1_000, LEASE, 10);
      expect(again).toMatchObject({ consumer: 'mail', attempts: 1 });
      expect(again.events).toHaveLength(1);
      expect(await o.backlog()).toEqual([
        { consumer: 'erp', waiting: 0, attempts: 0, dueAt: 0 },
        { consumer: 'mail', waiting: 1, oldestAt: 10, attempts: 1, dueAt: 1_000, lastError: 'SMTP refused' },
      ]);
    });

    it('lets a new consumer hear what happens from now on, not the history', async () => {
      const o = sut.outbox;
      await o.append(paused('1111111111'), { now: 10 });
      await o.register(['late'], 20);
      expect(await o.claim(['late'], 30, LEASE, 10)).toEqual([]);
      await o.append(paused('2222222222'), { now: 40 });
      const [batch] = await o.claim(['late'], 50, LEASE, 10);
      expect(batch.events.map((e) => (e.event as { contextNip: string }).contextNip)).toEqual(['2222222222']);
    });

    it('stores an event with a dedupe key once', async () => {
      const o = sut.outbox;
      expect(await o.append(paused('1111111111'), { now: 10, dedupeKey: 'document-rejected/doc-1' })).toBe(true);
      expect(await o.append(paused('1111111111'), { now: 11, dedupeKey: 'document-rejected/doc-1' })).toBe(false);
      expect(await o.append(paused('1111111111'), { now: 12 })).toBe(true);
      expect(await o.recent(10)).toHaveLength(2);
    });

    it('leases a consumer to one instance at a time, and to another once the lease ends', async () => {
      const o = sut.outbox;
      const other = await sut.reopen();
      await o.register(['mail'], 1);
      await o.append(paused('1111111111'), { now: 10 });
      expect(await o.claim(['mail'], 20, LEASE, 10)).toHaveLength(1);
      expect(await other.claim(['mail'], 20, { owner: 'gw-2', leaseMs: 60_000 }, 10)).toEqual([]);
      expect(await other.claim(['mail'], 60_020, { owner: 'gw-2', leaseMs: 60_000 }, 10)).toHaveLength(1);
    });

    it('still holds what a consumer had not acknowledged after the store is reopened', async () => {
      await sut.outbox.register(['mail'], 1);
      await sut.outbox.append(paused('1111111111'), { now: 10 });
      await sut.outbox.append(paused('2222222222'), { now: 11 });
      const [first] = await sut.outbox.claim(['mail'], 20, LEASE, 1);
      await sut.outbox.acknowledge('mail', first.events[0].seq, 'gw-1');
      const restarted = await sut.reopen();
      const [batch] = await restarted.claim(['mail'], 30, { owner: 'gw-1', leaseMs: 60_000 }, 10);
      expect(batch.events.map((e) => e.event)).toEqual([paused('2222222222')]);
    });

    it('purges only old events that every active consumer took', async () => {
      const o = sut.outbox;
      await o.register(['mail', 'gone'], 0);
      await o.append(paused('1111111111'), { now: 10 });
      const [, mail] = await o.claim(['mail', 'gone'], 20, LEASE, 10);
      await o.acknowledge('mail', mail.events[0].seq, 'gw-1');
      expect(await o.purge(1_000, 100, 10_000)).toBe(0);
      await o.register(['mail'], 20_000);
      // 'gone' was last seen at 0: past the active window it no longer holds the event back.
      expect(await o.purge(20_000, 100, 10_000)).toBe(1);
      expect(await o.recent(10)).toEqual([]);
    });
  });
}
