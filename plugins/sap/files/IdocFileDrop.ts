import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeXml, type Clock, type PluginLogger } from '../../../core/plugin-api/index.js';
import type { IdocIntake } from '../IdocIntake.js';
import { describeIssue } from '../IdocIntake.js';

export interface FileDropFolders {
  readonly inbox: string;
  readonly processed: string;
  readonly failed: string;
  readonly stableMs: number;
}

/**
 * SAP's file port: IDoc-XML or flat IDoc files dropped in a folder. A file is taken only when complete: its size and
 * time unchanged for `stableMs`, and never while it has a temporary name (`.tmp`, `.part`, a leading dot), so a
 * slow writer or `cp` is never read half way. Taken files move to `processed`, unreadable ones to `failed` with the
 * reason beside them.
 */
export class IdocFileDrop {
  private readonly seen = new Map<string, { size: number; mtimeMs: number; since: number }>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;

  constructor(private readonly folders: FileDropFolders, private readonly intake: IdocIntake, private readonly clock: Clock, private readonly logger: PluginLogger, private readonly intervalMs = 500) {}

  async start(): Promise<void> {
    for (const dir of [this.folders.inbox, this.folders.processed, this.folders.failed]) await mkdir(dir, { recursive: true });
    this.timer = setInterval(() => { this.round ??= this.scan().catch((err: unknown) => this.logger.error({ err }, 'IDoc folder scan failed')).finally(() => { this.round = undefined; }); }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.round;
  }

  /** One pass over the inbox; files not yet stable wait for a later pass. */
  async scan(): Promise<void> {
    const now = this.clock.now().getTime();
    const names = (await readdir(this.folders.inbox)).filter((n) => !n.startsWith('.') && !/\.(tmp|part|partial)$/i.test(n) && !n.endsWith('.error.txt')).sort();
    for (const name of names) {
      const path = join(this.folders.inbox, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      const before = this.seen.get(name);
      if (!before || before.size !== info.size || before.mtimeMs !== info.mtimeMs) {
        this.seen.set(name, { size: info.size, mtimeMs: info.mtimeMs, since: now });
        if (this.folders.stableMs > 0) continue;
      } else if (now - before.since < this.folders.stableMs) continue;
      await this.take(name, path);
    }
  }

  private async take(name: string, path: string): Promise<void> {
    // Decoded strictly: a byte that is not UTF-8 (or not in the declared encoding) is refused with its place, never
    // turned into U+FFFD and sent.
    const decoded = decodeXml(await readFile(path), { source: name });
    if (!decoded.ok) return this.fail(name, path, decoded.error.message, 'file cannot be decoded, moved to failed');
    const result = await this.intake.take(decoded.text, 'file'); // throws when it cannot be stored: the file stays for the next pass
    this.seen.delete(name);
    if (result.kind === 'not-idoc') return this.fail(name, path, result.issues.map(describeIssue).join('\n'), 'file is not an IDoc, moved to failed');
    await rename(path, join(this.folders.processed, name));
    this.logger.info({ file: name, idocs: result.results.length }, 'IDoc file taken');
  }

  private async fail(name: string, path: string, why: string, logLine: string): Promise<void> {
    this.seen.delete(name);
    await rename(path, join(this.folders.failed, name));
    await writeFile(join(this.folders.failed, `${name}.error.txt`), `${why}\n`);
    this.logger.warn({ file: name }, logLine);
  }
}
