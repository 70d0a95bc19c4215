/** A clock tests move by hand, so that time-dependent behaviour is tested without waiting. */
export class ManualClock {
  private t: number;

  constructor(start = new Date()) {
    this.t = start.getTime();
  }

  readonly now = (): Date => new Date(this.t);

  advance(ms: number): void {
    this.t += ms;
  }
}
