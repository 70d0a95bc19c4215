import type { Stats } from 'node:fs';
import { access, constants, lstat, mkdir, readFile, readdir, rename, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ErpAdapter, ErpDocument, HealthStatus, InboundInvoice, OtherEncodings, Outcome, PluginLogger, Receipt } from '../../core/plugin-api/index.js';
import { InboxFileError } from './InboxFileError.js';
import type { InboxFolders } from './InboxFolders.js';
import { outcomeName, sideFileName } from './outcomeName.js';
import { INBOX_EXTENSIONS, erpIdOf, readInboxFile } from './readInboxFile.js';
import { SettleTracker } from './SettleTracker.js';
import { writeFileAtomic } from './writeFileAtomic.js';

export interface FolderInboxOptions {
  readonly urgent: boolean;
  /** A file is taken once unchanged this long (0: the ERP renames complete files into the inbox). */
  readonly stableForMs: number;
  readonly followSymlinks: boolean;
  readonly otherEncodings: OtherEncodings;
}

/**
 * A folder as an ERP: FA(3) XML, invoice draft or canonical JSON files dropped into `inbox` are pulled once complete, moved to
 * `processed` once the gateway holds them, and each outcome is written to `outcomes/<erpId>.json` (plus
 * `<erpId>.upo.xml`; see outcomeName for ids outside `[A-Za-z0-9_.@-]`). A file that is not taken goes to `failed`
 * with `<name>.error.json` and `<name>.error.txt` beside it; one bad file never holds up the others.
 */
export class FolderInbox implements ErpAdapter {
  /** erpId -> file name, for the files handed over and not yet answered. */
  private readonly pending = new Map<string, string>();
  private readonly settle: SettleTracker;
  /** Files that could not even be moved aside: reported once, then skipped while they stay. */
  private readonly stuck = new Set<string>();
  /** Files that could not be moved where they belong, and why: reported by check() until a move succeeds. */
  private readonly unmoved = new Map<string, string>();

  constructor(private readonly folders: InboxFolders, private readonly options: FolderInboxOptions, private readonly logger: PluginLogger) {
    this.settle = new SettleTracker(options.stableForMs);
  }

  async start(): Promise<void> {
    for (const dir of Object.values(this.folders)) await mkdir(dir, { recursive: true });
  }

  async poll(): Promise<readonly ErpDocument[]> {
    const names = (await readdir(this.folders.inbox))
      .filter((n) => !n.startsWith('.') && (INBOX_EXTENSIONS as readonly string[]).includes(extname(n).toLowerCase())).sort();
    this.settle.retain(new Set(names));
    for (const [erpId, name] of this.pending) if (!names.includes(name)) this.pending.delete(erpId);
    for (const name of this.stuck) if (!names.includes(name)) this.stuck.delete(name);
    for (const name of this.unmoved.keys()) if (!names.includes(name)) this.unmoved.delete(name);
    const now = Date.now();
    const taken = new Map<string, string>();
    const documents: ErpDocument[] = [];
    for (const name of names) {
      if (this.stuck.has(name)) continue;
      try {
        const st = await this.regularFile(name);
        if (st === undefined || !this.settle.isSettled(name, st, now)) continue;
        const erpId = erpIdOf(name);
        const other = taken.get(erpId) ?? this.pending.get(erpId);
        if (other !== undefined && other !== name) {
          throw new InboxFileError('GW_INBOX_ERP_ID_COLLISION', `${name}: its ERP id ${erpId} is already the ERP id of ${other}; give each document its own file name`);
        }
        documents.push(await readInboxFile(join(this.folders.inbox, name), this.options));
        taken.set(erpId, name);
        this.pending.set(erpId, name);
        this.settle.forget(name);
      } catch (err) {
        await this.refuse(name, err);
      }
    }
    return documents;
  }

  async onSubmitted(receipt: Receipt): Promise<void> {
    const name = this.pending.get(receipt.erpId);
    if (name === undefined) return;
    this.pending.delete(receipt.erpId);
    if (receipt.duplicate) {
      const clash = await this.earlierFileOf(receipt.erpId, name);
      if (clash) {
        await this.refuse(name, new InboxFileError('GW_INBOX_ERP_ID_COLLISION',
          `${name}: ERP id ${receipt.erpId} was already submitted from ${clash} (document ${receipt.documentId}) with other content; a new document needs a new file name`));
        return;
      }
    }
    if (receipt.state === 'invalid') {
      await this.writeOutcome(receipt.erpId, { kind: 'invalid', documentId: receipt.documentId, erpId: receipt.erpId, errors: receipt.errors ?? [] });
      // Not moved: offered again next round and answered as a duplicate, which retries the move; check() reports it.
      await this.moveTo(name, this.folders.failed);
      return;
    }
    if (!(await this.moveTo(name, this.folders.processed))) {
      // The gateway holds the document; the file would be offered again and answered as a duplicate.
      this.logger.error({ file: name, erpId: receipt.erpId }, 'stored document could not be moved to the processed folder');
    }
  }

  async deliver(outcome: Outcome): Promise<void> {
    if (outcome.kind === 'accepted') {
      await writeFileAtomic(join(this.folders.outcomes, `${outcomeName(outcome.erpId)}.upo.xml`), outcome.upoXml);
      const { upoXml: _upo, ...summary } = outcome;
      await this.writeOutcome(outcome.erpId, summary);
    } else {
      await this.writeOutcome(outcome.erpId, outcome);
    }
  }

  /**
   * A received invoice: `<ksefNumber>.xml` exactly as KSeF returned it, then `<ksefNumber>.json` (the summary an ERP
   * import can read first); both written atomically, so a repeat after a crash overwrites with the same content.
   */
  async receive(invoice: InboundInvoice): Promise<void> {
    const name = outcomeName(invoice.ksefNumber);
    await writeFileAtomic(join(this.folders.received, `${name}.xml`), invoice.xml);
    const { xml: _xml, ...summary } = invoice;
    await writeFileAtomic(join(this.folders.received, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  }

  async check(): Promise<HealthStatus> {
    try {
      await access(this.folders.inbox, constants.R_OK | constants.W_OK);
    } catch {
      return { status: 'down', detail: `inbox folder ${this.folders.inbox} is missing or not writable` };
    }
    const problems = [...this.unmoved.entries()].map(([name, why]) => `${name}: ${why}`)
      .concat([...this.stuck].filter((n) => !this.unmoved.has(n)).map((n) => `${n}: can be neither read nor moved to the failed folder`));
    return problems.length === 0 ? { status: 'up' } : { status: 'degraded', detail: `${problems.length} file(s) stuck in the inbox: ${problems.slice(0, 3).join('; ')}` };
  }

  /** The file's status, refusing anything but a regular file (or, if configured, a link to one); undefined if gone. */
  private async regularFile(name: string): Promise<Stats | undefined> {
    const path = join(this.folders.inbox, name);
    let st: Stats;
    try {
      st = await lstat(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // taken away meanwhile
      throw err;
    }
    if (st.isSymbolicLink()) {
      if (!this.options.followSymlinks) throw new InboxFileError('GW_INBOX_SYMLINK', `${name}: is a symbolic link; links are not followed unless followSymlinks is set`);
      st = await stat(path).catch((err: NodeJS.ErrnoException) => {
        throw new InboxFileError('GW_INBOX_UNREADABLE', `${name}: is a symbolic link to nothing readable (${err.code ?? err.message})`);
      });
    }
    if (!st.isFile()) throw new InboxFileError('GW_INBOX_NOT_A_FILE', `${name}: is not a regular file (a FIFO, socket, device or folder is never read)`);
    return st;
  }

  /**
   * For a receipt that says the ERP id was known: the earlier file it came from, when that is a different file
   * (another extension, or the same name with other bytes). None when this file is the one already held, offered
   * again because the gateway stopped before it was moved.
   */
  private async earlierFileOf(erpId: string, name: string): Promise<string | undefined> {
    const mine = await readFile(join(this.folders.inbox, name)).catch(absent);
    for (const dir of [this.folders.processed, this.folders.failed]) {
      for (const ext of INBOX_EXTENSIONS) {
        for (const candidate of [`${erpId}${ext}`, `${erpId}${ext.toUpperCase()}`]) {
          // Only a file that is not there is absent: an unreadable one must not pass as "no clash".
          const earlier = await readFile(join(dir, candidate)).catch(absent);
          if (earlier === undefined) continue;
          if (candidate !== name || mine === undefined || !earlier.equals(mine)) return candidate;
        }
      }
    }
    return undefined;
  }

  private async writeOutcome(erpId: string, body: object): Promise<void> {
    await writeFileAtomic(join(this.folders.outcomes, `${outcomeName(erpId)}.json`), `${JSON.stringify(body, null, 2)}\n`);
  }

  /** A file not taken: to `failed/` with its reason as JSON (code, message, location) and as text. */
  private async refuse(name: string, err: unknown): Promise<void> {
    const e = err instanceof InboxFileError ? err : new InboxFileError('GW_INBOX_UNREADABLE', `${name}: ${(err as Error).message}`);
    this.logger.warn({ file: name, code: e.code, reason: e.message }, 'inbox file refused');
    if (!(await this.moveTo(name, this.folders.failed))) {
      this.stuck.add(name);
      this.logger.error({ file: name }, 'inbox file can be neither read nor moved to the failed folder; skipped until it is removed');
    }
    const error = { code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) };
    await writeFileAtomic(join(this.folders.failed, sideFileName(name, '.error.json')),
      `${JSON.stringify({ kind: 'refused', file: name, erpId: erpIdOf(name), errors: [error] }, null, 2)}\n`);
    await writeFileAtomic(join(this.folders.failed, sideFileName(name, '.error.txt')), `${e.message}\n`);
  }

  private async moveTo(name: string, dir: string): Promise<boolean> {
    try {
      await rename(join(this.folders.inbox, name), join(dir, name));
      this.unmoved.delete(name);
      return true;
    } catch (err) {
      // ENOENT: already moved in an earlier round.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      this.unmoved.set(name, `not moved to ${dir}: ${(err as Error).message}`);
      this.logger.error({ file: name, dir, err }, 'inbox file could not be moved');
      return false;
    }
  }
}

/** A read of a file that is not there (or whose folder is not a folder) answers undefined; any other error stands. */
function absent(err: NodeJS.ErrnoException): undefined {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
  throw err;
}
