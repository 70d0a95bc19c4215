import { access, constants, mkdir, readdir, rename } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ErpAdapter, ErpDocument, HealthStatus, Outcome, PluginLogger, Receipt } from '../../core/plugin-api/index.js';
import type { InboxFolders } from './InboxFolders.js';
import { INBOX_EXTENSIONS, erpIdOf, readInboxFile } from './readInboxFile.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * A folder as an ERP: FA(3) XML or canonical JSON files dropped into `inbox` are pulled, moved to `processed` once
 * the gateway holds them, and each outcome is written to `outcomes/<erpId>.json` (plus `<erpId>.upo.xml`).
 */
export class FolderInbox implements ErpAdapter {
  /** erpId -> file name, for the files handed over in the current round. */
  private readonly pending = new Map<string, string>();

  constructor(private readonly folders: InboxFolders, private readonly urgent: boolean, private readonly logger: PluginLogger) {}

  async start(): Promise<void> {
    for (const dir of Object.values(this.folders)) await mkdir(dir, { recursive: true });
  }

  async poll(): Promise<readonly ErpDocument[]> {
    const names = (await readdir(this.folders.inbox)).filter((n) => (INBOX_EXTENSIONS as readonly string[]).includes(extname(n).toLowerCase())).sort();
    const documents: ErpDocument[] = [];
    for (const name of names) {
      try {
        documents.push(await readInboxFile(join(this.folders.inbox, name), this.urgent));
        this.pending.set(erpIdOf(name), name);
      } catch (err) {
        this.logger.warn({ file: name, reason: (err as Error).message }, 'inbox file refused');
        await this.moveAside(name, this.folders.failed, err as Error);
      }
    }
    return documents;
  }

  async onSubmitted(receipt: Receipt): Promise<void> {
    const name = this.pending.get(receipt.erpId);
    if (name === undefined) return;
    this.pending.delete(receipt.erpId);
    if (receipt.state === 'invalid') {
      await this.writeOutcome(receipt.erpId, { kind: 'invalid', documentId: receipt.documentId, erpId: receipt.erpId, errors: receipt.errors ?? [] });
      await this.moveAside(name, this.folders.failed);
      return;
    }
    await rename(join(this.folders.inbox, name), join(this.folders.processed, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err; // already moved in an earlier round
    });
  }

  async deliver(outcome: Outcome): Promise<void> {
    if (outcome.kind === 'accepted') {
      await writeFileAtomic(join(this.folders.outcomes, `${safe(outcome.erpId)}.upo.xml`), outcome.upoXml);
      const { upoXml: _upo, ...summary } = outcome;
      await this.writeOutcome(outcome.erpId, summary);
    } else {
      await this.writeOutcome(outcome.erpId, outcome);
    }
  }

  async check(): Promise<HealthStatus> {
    try {
      await access(this.folders.inbox, constants.R_OK | constants.W_OK);
      return { status: 'up' };
    } catch {
      return { status: 'down', detail: `inbox folder ${this.folders.inbox} is missing or not writable` };
    }
  }

  private async writeOutcome(erpId: string, body: object): Promise<void> {
    await writeFileAtomic(join(this.folders.outcomes, `${safe(erpId)}.json`), `${JSON.stringify(body, null, 2)}\n`);
  }

  private async moveAside(name: string, dir: string, err?: Error): Promise<void> {
    await rename(join(this.folders.inbox, name), join(dir, name)).catch(() => undefined);
    if (err) await writeFileAtomic(join(dir, `${name}.error.txt`), `${err.message}\n`);
  }
}

/** ERP ids come from file names here, but outcomes may carry any id: keep it a plain file name. */
function safe(erpId: string): string {
  return erpId.replace(/[^\w.@-]/g, '_');
}
