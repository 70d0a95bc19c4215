import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Makes commits durable without blocking the event loop. A connection in WAL mode with `synchronous = NORMAL` writes
 * each commit's frames to the -wal file without fsync; `sync()` then fdatasyncs that file on libuv's thread pool and
 * resolves once an fsync that began after the call has finished, so every commit made before the call is on disk.
 * Commits that arrive while one fsync runs share the next one. This is what `synchronous = FULL` guarantees (the WAL
 * synced at each commit), but the 2-5 ms an fsync takes here no longer stops every other request of the process.
 *
 * The -wal file keeps its inode while the connection that owns this object is open (SQLite deletes it only when the
 * last connection closes, and a checkpoint restarts it in place), so one file handle serves for the connection's life.
 */
export class WalSync {
  private handle?: Promise<FileHandle | undefined>;
  private running?: Promise<void>;
  /** An fsync that has not started yet: callers now can join it, as it will begin after their commit. */
  private next?: Promise<void>;

  constructor(private readonly walFile: string,
    private readonly fsync: (handle: FileHandle) => Promise<void> = (h) => h.datasync()) {}

  sync(): Promise<void> {
    if (this.next) return this.next;
    if (!this.running) return this.start();
    const next = this.running.then(() => {
      // From here on, a new caller's commit may come after this fsync begins: it must wait for another one.
      if (this.next === next) this.next = undefined;
      return this.start();
    });
    this.next = next;
    return next;
  }

  async close(): Promise<void> {
    await this.running?.catch(() => undefined);
    await (await this.handle?.catch(() => undefined))?.close();
  }

  private start(): Promise<void> {
    const run = this.fsyncOnce().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async fsyncOnce(): Promise<void> {
    // An in-memory database has no file; a file database has its -wal from the first write in WAL mode.
    this.handle ??= existsSync(this.walFile) ? open(this.walFile, 'r') : undefined;
    const handle = await this.handle;
    if (!handle) {
      this.handle = undefined;
      if (existsSync(this.walFile)) return this.fsyncOnce();
      return;
    }
    await this.fsync(handle);
  }
}
