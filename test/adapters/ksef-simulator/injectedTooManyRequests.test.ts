import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { faultConfigFrom } from '../../../core/cli/commands/simulatorFaults.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { ManualClock } from './support/ManualClock.js';

describe('simulator: injected 429 bursts and faults from the command line', () => {
  let sim: RunningSimulator;
  const clock = new ManualClock();
  afterEach(() => sim.close());

  const challenge = (): Promise<Response> => fetch(`${sim.baseUrl}/auth/challenge`, { method: 'POST' });

  it('answers 429 with Retry-After, keeps answering 429 through the burst, and only on matching paths', async () => {
    const draws = [0]; // the first matching request draws a 429; every later draw says no
    sim = await startSimulator({ now: clock.now, rateLimits: 'off', faults: {
      tooManyRequestsRate: 0.5, tooManyRequestsBurstMs: 2_000, match: /\/auth\/challenge$/, random: () => draws.shift() ?? 1,
    } });
    const first = await challenge();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    clock.advance(1_500);
    expect((await challenge()).status).toBe(429);
    expect((await fetch(`${sim.baseUrl}/security/public-key-certificates`)).status).toBe(200);
    clock.advance(600);
    expect((await challenge()).status).toBe(200);
  });

  it('applies added latency only to matching paths', async () => {
    sim = await startSimulator({ rateLimits: 'off', faults: { latencyMs: 3_000, match: /\/auth\/challenge$/ } });
    let t = Date.now();
    expect((await fetch(`${sim.baseUrl}/security/public-key-certificates`)).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(3_000);
    t = Date.now();
    expect((await challenge()).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(2_990);
  });

  it('reads fault options as `simulator start` takes them, refusing values that are not probabilities or durations', () => {
    const f = faultConfigFrom({ fault5xx: '0.05', fault429: '0.01', fault429BurstMs: '3000', faultDrop: '0.01', faultLatencyMs: '20', faultAnswerDelayMs: '300', faultMatch: '/sessions/' });
    expect(f).toMatchObject({ serverErrorRate: 0.05, tooManyRequestsRate: 0.01, tooManyRequestsBurstMs: 3000, dropRate: 0.01, latencyMs: 20, answerDelayMs: 300 });
    expect(f.match).toEqual(/\/sessions\//);
    expect(Object.keys(faultConfigFrom({}))).toEqual([]);
    for (const bad of [{ fault5xx: '2' }, { fault429: 'x' }, { faultLatencyMs: '-1' }, { faultAnswerDelayMs: '1.5' }, { faultMatch: '(' }]) {
      let err: unknown;
      try { faultConfigFrom(bad); } catch (e) { err = e; }
      expect(GatewayError.is(err, 'GW_SIMULATOR_FAULT')).toBe(true);
    }
  });
});
