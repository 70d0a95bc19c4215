import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { CsvOptions } from '../CsvOptions.js';

interface Seen { readonly size: number; readonly mtimeMs: number; readonly since: number }

/**
 * Decides which files of the inbox are complete, by polling (change events do not cross SMB or NFS): a size and
 * modification time unchanged for `stableMs`, a name that only appears by an atomic rename (temporary names such
 * as `x.csv.tmp`, `.x.csv` or `~x.csv` never match), or a marker file `x.csv.done` (or `x.done`).
 */
export class FileTaker {
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly inbox: string, private readonly options: Pick<CsvOptions, 'take' | 'extensions'>, private readonly now: () => number) {}

  /** Names of the complete files, sorted. */
  async completeFiles(): Promise<string[]> {
    const names = await readdir(this.inbox);
    const present = new Set(names);
    const candidates = names.filter((n) => !n.startsWith('.') && !n.startsWith('~') && this.options.extensions.includes(extname(n).toLowerCase()));
    const complete: string[] = [];
    for (const name of candidates.sort()) if (await this.isComplete(name, present)) complete.push(name);
    for (const name of this.seen.keys()) if (!present.has(name)) this.seen.delete(name);
    return complete;
  }

  /** The marker file that announced `name`, to remove once the file is taken (marker mode only). */
  markerOf(name: string, present: ReadonlySet<string>): string | undefined {
    if (this.options.take.when !== 'marker') return undefined;
    const suffix = this.options.take.suffix;
    return [`${name}${suffix}`, `${name.slice(0, -extname(name).length)}${suffix}`].find((m) => present.has(m));
  }

  forget(name: string): void {
    this.seen.delete(name);
  }

  private async isComplete(name: string, present: ReadonlySet<string>): Promise<boolean> {
    const take = this.options.take;
    if (take.when === 'renamed') return true;
    if (take.when === 'marker') return this.markerOf(name, present) !== undefined;
    const s = await stat(join(this.inbox, name)).catch(() => undefined);
    if (!s?.isFile()) return false;
    const before = this.seen.get(name);
    const now = this.now();
    if (!before || before.size !== s.size || before.mtimeMs !== s.mtimeMs) {
      this.seen.set(name, { size: s.size, mtimeMs: s.mtimeMs, since: now });
      return take.stableMs === 0;
    }
    return now - before.since >= take.stableMs;
  }
}
