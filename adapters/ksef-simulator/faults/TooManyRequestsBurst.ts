import { faultApplies, type FaultConfig } from './FaultConfig.js';

/** The window after an injected 429 during which every matching request is answered 429 too. */
export class TooManyRequestsBurst {
  private until = 0;

  inBurst(f: FaultConfig, path: string, nowMs: number): boolean {
    return nowMs < this.until && (f.tooManyRequestsBurstMs ?? 0) > 0 && faultApplies(f, path);
  }

  started(f: FaultConfig, nowMs: number): void {
    if (nowMs >= this.until) this.until = nowMs + (f.tooManyRequestsBurstMs ?? 0);
  }
}
