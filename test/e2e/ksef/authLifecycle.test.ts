import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { KsefAuthError } from '../../../core/ksef/errors/KsefAuthError.js';
import { recordingDispatcher } from './support/recordingDispatcher.js';
import { SAMPLE_SELLER_NIP } from './support/samples.js';

const MIN = 60_000;
let simOffset = 0;
let clientOffset = 0;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 10, now: () => new Date(Date.now() + simOffset) });
});
afterAll(() => sim.close());
beforeEach(() => { simOffset = 0; clientOffset = 0; });

function setup() {
  const t = sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead', 'CredentialsManage'] });
  const rec = recordingDispatcher();
  const client = new KsefClient({
    baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, auth: new KsefTokenAuth(t.token), dispatcher: rec.dispatcher,
    rateLimits: 'off', authPollIntervalMs: 10, now: () => Date.now() + clientOffset,
  });
  const count = (path: string) => rec.requests.filter((r) => r.path === `/v2${path}`).length;
  return { client, rec, count, tokenRef: t.referenceNumber };
}

const advance = (ms: number) => { simOffset += ms; clientOffset += ms; };

describe('access token lifecycle against the simulator', () => {
  it('authenticates lazily once, refreshes before expiry, and authenticates again when the refresh token is gone', async () => {
    const { client, rec, count } = setup();
    await client.listTokens();
    await client.listTokens();
    expect(count('/auth/challenge')).toBe(1);
    expect(count('/auth/token/redeem')).toBe(1);
    advance(20 * MIN);
    await client.listTokens();
    expect(count('/auth/token/refresh')).toBe(1);
    expect(count('/auth/challenge')).toBe(1);
    advance(8 * 24 * 60 * MIN);
    await client.listTokens();
    expect(count('/auth/challenge')).toBe(2);
    await client.close();
    await rec.close();
  });

  it('after a 401 gets a new access token and repeats the call once', async () => {
    const { client, rec, count } = setup();
    await client.listTokens();
    simOffset += 20 * MIN; // KSeF's clock says the access token expired; ours does not know yet
    await expect(client.listTokens()).resolves.toBeDefined();
    expect(count('/auth/token/refresh')).toBe(1);
    expect(rec.requests.filter((r) => r.path.startsWith('/v2/tokens'))).toHaveLength(3);
    await client.close();
    await rec.close();
  });

  it('fails with an auth error when the token was revoked meanwhile (refresh refused, re-auth refused)', async () => {
    const { client, rec, tokenRef } = setup();
    await client.listTokens();
    sim.revokeToken(tokenRef);
    advance(20 * MIN);
    const err = await client.listTokens().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KsefAuthError);
    expect((err as KsefAuthError).status.code).toBe(450);
    await client.close();
    await rec.close();
  });
});
