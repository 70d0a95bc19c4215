import { PgRateLimitStore } from '../../../adapters/postgres-store/PgRateLimitStore.js';
import { dropSchema, pgTestUrl, testSchemaName } from './pgTestSchema.js';

const url = pgTestUrl();

describe('PgRateLimitStore', () => {
  let schema: string;
  const opened: PgRateLimitStore[] = [];
  const open = async (): Promise<PgRateLimitStore> => {
    const s = await PgRateLimitStore.open({ url, schema });
    opened.push(s);
    return s;
  };
  beforeEach(() => { schema = testSchemaName(); });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await dropSchema(schema);
  });
  const windows = [{ windowMs: 1000, limit: 2 }, { windowMs: 60_000, limit: 3 }];

  it('admits up to each window\'s limit and says how long to wait after that', async () => {
    const s = await open();
    expect(await s.tryAcquire('ctx|ip|invoiceSend', 0, windows)).toBe(0);
    expect(await s.tryAcquire('ctx|ip|invoiceSend', 10, windows)).toBe(0);
    expect(await s.tryAcquire('ctx|ip|invoiceSend', 20, windows)).toBe(980);
    expect(await s.tryAcquire('ctx|ip|other', 20, windows)).toBe(0);
    expect(await s.tryAcquire('ctx|ip|invoiceSend', 1000, windows)).toBe(0);
    expect(await s.tryAcquire('ctx|ip|invoiceSend', 2500, windows)).toBe(57_500);
    expect(await s.tryAcquire('ctx|ip|unlimited', 2500, [{ windowMs: 1000, limit: Infinity }])).toBe(0);
  });

  it('shares counters and blocks between two instances', async () => {
    const [a, b] = [await open(), await open()];
    expect(await a.tryAcquire('k', 0, windows)).toBe(0);
    expect(await b.tryAcquire('k', 1, windows)).toBe(0);
    expect(await a.tryAcquire('k', 2, windows)).toBe(998);
    await b.blockUntil('x', 5000);
    await a.blockUntil('x', 3000);
    expect(await a.tryAcquire('x', 1000, windows)).toBe(4000);
    expect(await b.tryAcquire('x', 5000, windows)).toBe(0);
    await a.close();
    await a.close();
    expect(await b.tryAcquire('k', 3000, windows)).toBe(0);
  });

  it('never lets two instances racing for the last slots take more than the limit', async () => {
    const [a, b] = [await open(), await open()];
    const limit = [{ windowMs: 60_000, limit: 5 }];
    const waits = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? a : b).tryAcquire('race', 100, limit)));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    expect(waits.filter((w) => w > 0).every((w) => w === 60_000)).toBe(true);
  });

  it('tells the scheduler how much room is left, without taking any', async () => {
    const s = await open();
    expect(await s.room('k', 0, windows)).toEqual({ room: 2, waitMs: 0 });
    expect(await s.tryAcquire('k', 0, windows)).toBe(0);
    expect(await s.room('k', 5, windows)).toEqual({ room: 1, waitMs: 0 });
    expect(await s.room('k', 5, windows)).toEqual({ room: 1, waitMs: 0 });
    // Two wanted, one left in the second: they fit when the hit at 0 has left it, not "in a moment".
    expect(await s.room('k', 5, windows, 2)).toEqual({ room: 1, waitMs: 995 });
    expect(await s.room('k', 5, windows, 4)).toEqual({ room: 1, waitMs: 60_000 });
    expect(await s.tryAcquire('k', 10, windows)).toBe(0);
    expect(await s.room('k', 20, windows)).toEqual({ room: 0, waitMs: 980 });
    expect(await s.tryAcquire('k', 1000, windows)).toBe(0);
    expect(await s.room('k', 1500, windows)).toEqual({ room: 0, waitMs: 58_500 });
    await s.blockUntil('b', 4000);
    expect(await s.room('b', 1000, windows)).toEqual({ room: 0, waitMs: 3000 });
  });
});
