import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema, pgTestUrl, testSchemaName } from '../../adapters/postgres-store/pgTestSchema.js';
import { NIP_A, startRest, type RestHarness } from './restHarness.js';

const PER_SECOND = 3;

/**
 * Two gateway processes' worth of REST API (two GatewayApps, each with its own data folder and simulator) on one
 * store: the per-key rate is one budget for both, so a key cannot double its rate by spreading requests.
 */
describe.each(['sqlite', 'postgres'] as const)('REST API: the per-key rate is shared by instances on one %s store', (storeKind) => {
  let first: RestHarness;
  let second: RestHarness;
  let schema: string | undefined;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-rest-rl-'));
    let store: string;
    if (storeKind === 'postgres') {
      schema = testSchemaName();
      process.env.KSEF_GATEWAY_PG_URL = pgTestUrl();
      store = `store: { kind: postgres, url: "\${KSEF_GATEWAY_PG_URL}", schema: ${schema}, poolSize: 2 }`;
    } else {
      store = `store: { kind: sqlite, file: "${join(dir, 'gateway.sqlite')}" }`;
    }
    first = await startRest({ limits: { requestsPerSecond: PER_SECOND } }, [store], dir);
    second = await startRest({ limits: { requestsPerSecond: PER_SECOND } }, [store]);
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    if (schema) await dropSchema(schema);
  });

  it('answers 429 with Retry-After on one instance once the key used its rate on the other, and lets it go after the wait', async () => {
    const key = await first.key([NIP_A]);
    const started = Date.now();
    const onFirst = await Promise.all(Array.from({ length: PER_SECOND }, () => first.call('/v1/invoices?limit=1', { key })));
    expect(onFirst.map((r) => r.status)).toEqual(Array(PER_SECOND).fill(200));
    const onSecond = await second.call('/v1/invoices?limit=1', { key });
    // Meaningful only inside the second that the first instance's requests used up; a machine this slow fails loudly.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(onSecond.status).toBe(429);
    const retryAfter = Number(onSecond.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(onSecond.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await onSecond.json()).toMatchObject({ code: 'GW_REST_RATE_LIMITED', status: 429 });
    expect((await first.call('/v1/invoices?limit=1', { key })).status).toBe(429);

    await new Promise((r) => setTimeout(r, retryAfter * 1000));
    expect((await second.call('/v1/invoices?limit=1', { key })).status).toBe(200);
  });

  it('counts each key on its own: another key is not slowed by one that is over its rate', async () => {
    const busy = await first.key([NIP_A]);
    const other = await second.key([NIP_A]);
    await Promise.all(Array.from({ length: PER_SECOND + 1 }, () => second.call('/v1/invoices?limit=1', { key: busy })));
    expect((await first.call('/v1/invoices?limit=1', { key: busy })).status).toBe(429);
    expect((await first.call('/v1/invoices?limit=1', { key: other })).status).toBe(200);
  });
});
