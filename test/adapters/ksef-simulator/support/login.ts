import type { RunningSimulator } from '../../../../adapters/ksef-simulator/startSimulator.js';
import type { ManualClock } from './ManualClock.js';
import type { SimTestClient } from './SimTestClient.js';

/** Creates a KSeF token with `permissions` and runs the whole token authentication; returns the access token. */
export async function login(sim: RunningSimulator, client: SimTestClient, clock: ManualClock, nip: string, permissions: string[], delayMs: number): Promise<string> {
  const { token } = sim.createToken({ nip, permissions });
  const op = await client.startTokenAuth(nip, token);
  clock.advance(delayMs);
  return (await client.redeem(op.authToken)).access;
}
