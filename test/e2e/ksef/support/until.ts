import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until `done` holds (KSeF processing is asynchronous); fails after `attempts` tries. */
export async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, attempts = 100, intervalMs = 100): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await probe();
    if (done(last)) return last;
    await sleep(intervalMs);
  }
  throw new Error(`condition not reached; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
}
