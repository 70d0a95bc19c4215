/** A request as it arrived, before any fault, latency or handler. */
export interface ReceivedRequest {
  /** 1 for the first request the simulator received, counting up: `requestsReceived(after)` lists those after one. */
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly at: string;
  /** The fault injected into it, once decided: `lose-response` and `drop-after` mean handled, answer lost. */
  readonly fault?: 'error' | 'drop' | 'lose-response' | 'drop-after' | 'too-many';
}

type Entry = { -readonly [K in keyof ReceivedRequest]: ReceivedRequest[K] };

/**
 * The latest requests the simulator received, in arrival order, for tests that must know where a client was when it
 * died (an upload that had started, a close that had arrived). Bounded: a long-running simulator keeps only the last
 * `capacity` of them.
 */
export class RequestLog {
  private entries: Entry[] = [];
  private seq = 0;

  constructor(private readonly capacity = 10_000) {}

  /** Records an arrival; the returned entry takes the fault once the request pipeline decides it. */
  record(method: string, path: string, at: Date): { fault?: ReceivedRequest['fault'] } {
    const entry: Entry = { seq: ++this.seq, method, path, at: at.toISOString() };
    this.entries.push(entry);
    // Trimmed in steps, not per request: a shift per request would copy the whole array every time.
    if (this.entries.length >= 2 * this.capacity) this.entries = this.entries.slice(-this.capacity);
    return entry;
  }

  /** The kept requests with a sequence number above `after` (all kept ones without it). */
  list(after = 0): readonly ReceivedRequest[] {
    const kept = this.entries.slice(-this.capacity);
    const first = kept.findIndex((r) => r.seq > after);
    return first < 0 ? [] : kept.slice(first).map((e) => ({ ...e }));
  }

  /** The sequence number of the latest request (0 before any). */
  last(): number {
    return this.seq;
  }
}
