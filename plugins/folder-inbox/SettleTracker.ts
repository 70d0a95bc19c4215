import type { Stats } from 'node:fs';

interface Seen { readonly size: number; readonly mtimeMs: number; readonly ino: number; readonly since: number }

/**
 * Decides when a file is complete (DECISIONS.md 22): its size, modification time and inode have not changed for
 * `stableForMs`, by our own observation or by its modification time. ERPs and `cp` write slowly; a file renamed into
 * the inbox from a temporary name is complete at once if its writer finished earlier than that.
 */
export class SettleTracker {
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly stableForMs: number) {}

  isSettled(name: string, st: Stats, now: number): boolean {
    let s = this.seen.get(name);
    if (!s || s.size !== st.size || s.mtimeMs !== st.mtimeMs || s.ino !== st.ino) {
      s = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, since: now };
      this.seen.set(name, s);
    }
    // A modification time in the future (another machine's clock) counts as "just written".
    return Math.max(now - s.since, now - st.mtimeMs) >= this.stableForMs;
  }

  /** Keeps only the names still in the inbox, so the map never outgrows the folder. */
  retain(names: ReadonlySet<string>): void {
    for (const name of this.seen.keys()) if (!names.has(name)) this.seen.delete(name);
  }

  forget(name: string): void {
    this.seen.delete(name);
  }
}
