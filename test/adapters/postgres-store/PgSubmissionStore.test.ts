import { PG_MIGRATIONS } from '../../../adapters/postgres-store/pgMigrations.js';
import { PgSubmissionStore } from '../../../adapters/postgres-store/PgSubmissionStore.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { describeSubmissionStoreContract } from '../../support/storeContract.js';
import { dropSchema, pgTestUrl, queryAs, testSchemaName } from './pgTestSchema.js';

const url = pgTestUrl();

describeSubmissionStoreContract('PgSubmissionStore', async () => {
  const schema = testSchemaName();
  const store = await PgSubmissionStore.open({ url, schema, max: 4 });
  return {
    store,
    another: () => PgSubmissionStore.open({ url, schema, max: 4 }),
    close: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
});

describe('PgSubmissionStore on one database shared by several instances', () => {
  let schema: string;
  const opened: PgSubmissionStore[] = [];
  const open = async (): Promise<PgSubmissionStore> => {
    const s = await PgSubmissionStore.open({ url, schema, max: 4 });
    opened.push(s);
    return s;
  };
  beforeEach(() => { schema = testSchemaName(); });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await dropSchema(schema);
  });

  it('applies each migration once when two instances start at the same moment', async () => {
    await Promise.all([open(), open(), open()]);
    const rows = await queryAs<{ version: number; name: string }>(schema, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(PG_MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(rows.slice(0, 5).map((r) => r.name)).toEqual(['outbox', 'rate-limits', 'session-owner', 'upo-in-store', 'no-hash-index']);
    await open();
    expect(await queryAs(schema, 'SELECT version FROM schema_migrations')).toHaveLength(PG_MIGRATIONS.length);
  });

  it('hands every queued document to exactly one of two instances claiming in parallel', async () => {
    const [a, b] = [await open(), await open()];
    const total = 300;
    for (let i = 0; i < total; i += 1) {
      const id = `d${String(i).padStart(4, '0')}`;
      await a.receive({ id, source: 'erp', erpId: id, urgent: false, now: i });
      await a.transition(id, 'queued', { now: i, contextNip: '1111111111', xml: Buffer.from(id), invoiceHash: id, invoiceSize: 1 });
    }
    const taken = new Map<string, string>();
    const worker = async (store: PgSubmissionStore, owner: string): Promise<void> => {
      for (;;) {
        const got = await store.claimQueued({ contextNip: '1111111111', limit: 7, owner, leaseMs: 600_000, now: 1_000 });
        if (got.length === 0) return;
        for (const d of got) {
          expect(taken.get(d.id)).toBeUndefined();
          taken.set(d.id, owner);
        }
        await store.assignToSession(got.map((d) => d.id), `S-${owner}`, owner, 1_001);
      }
    };
    await Promise.all([worker(a, 'a1'), worker(a, 'a2'), worker(b, 'b1'), worker(b, 'b2')]);
    expect(taken.size).toBe(total);
    const owners = new Set(taken.values());
    expect(owners.has('a1') || owners.has('a2')).toBe(true);
    expect(owners.has('b1') || owners.has('b2')).toBe(true);
    const bySession = await queryAs<{ session_ref: string; n: number }>(schema,
      `SELECT session_ref, COUNT(*)::int AS n FROM documents WHERE state = 'sending' GROUP BY session_ref`);
    expect(bySession.reduce((sum, r) => sum + r.n, 0)).toBe(total);
  });

  it('gives each stale session to exactly one of two instances adopting at once', async () => {
    const [a, b] = [await open(), await open()];
    for (let i = 0; i < 30; i += 1) {
      await a.saveSession({ ref: `S${i}`, owner: 'dead', contextNip: '1111111111', kind: 'online', state: 'closing', validUntil: 0,
        invoiceCount: 0, nextPollAt: 0, pollAttempts: 0, createdAt: i, updatedAt: 1 });
    }
    const counts = await Promise.all([a.adoptSessions('a', 10, 20), b.adoptSessions('b', 10, 20)]);
    expect(counts[0] + counts[1]).toBe(30);
    const owners = await queryAs<{ owner: string; n: number }>(schema, 'SELECT owner, COUNT(*)::int AS n FROM sessions GROUP BY owner ORDER BY owner');
    expect(owners.reduce((sum, r) => sum + r.n, 0)).toBe(30);
    expect(owners.every((r) => r.owner === 'a' || r.owner === 'b')).toBe(true);
  });

  it('keeps the XML bytes and large timestamps exact', async () => {
    const s = await open();
    const xml = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const now = Date.UTC(2099, 0, 1);
    await s.receive({ id: 'a', source: 'erp', erpId: 'A', urgent: false, now });
    await s.transition('a', 'queued', { now, contextNip: '1111111111', xml, invoiceHash: 'h' });
    expect((await s.getXml('a'))?.equals(xml)).toBe(true);
    expect((await s.get('a'))?.createdAt).toBe(now);
  });
});

describe('PgSubmissionStore configuration', () => {
  it('refuses a schema name that is not a plain identifier', async () => {
    const err = await PgSubmissionStore.open({ url, schema: 'x; DROP TABLE y' }).catch((e: unknown) => e);
    expect(GatewayError.is(err, 'GW_STORE_PG_SCHEMA')).toBe(true);
    expect((err as GatewayError).kind).toBe('config');
  });

  it('reports an unreachable database as transient without the password', async () => {
    const err = await PgSubmissionStore.open({ url: 'postgres://gw:s3cret-pass@127.0.0.1:1/test', schema: testSchemaName() })
      .catch((e: unknown) => e);
    expect(GatewayError.is(err, 'GW_STORE_PG_UNREACHABLE')).toBe(true);
    expect((err as GatewayError).kind).toBe('transient');
    expect((err as GatewayError).message).toContain('127.0.0.1:1/test');
    expect(JSON.stringify({ m: (err as Error).message, d: (err as GatewayError).details })).not.toContain('s3cret-pass');
  });
});
