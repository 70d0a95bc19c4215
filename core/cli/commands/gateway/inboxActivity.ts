import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseJsonText } from '../../../plugin-api/parseJsonText.js';
import { decodeText } from '../../../text/decodeText.js';
import type { InboxFolders } from '../../../../plugins/folder-inbox/InboxFolders.js';

interface OutcomeFile {
  readonly kind?: string;
  readonly erpId?: string;
  readonly file?: string;
  readonly ksefNumber?: string;
  readonly errors?: readonly { code?: string; message?: string; location?: string; explanation?: string }[];
}

export interface InboxActivity {
  /** Looks at the folders once and writes a line for each new file or outcome; never throws. */
  scan(): Promise<void>;
  /** Scans every `everyMs` until stopped. */
  start(everyMs?: number): void;
  stop(): Promise<void>;
}

/**
 * One console line per thing that happens to a folder inbox's files after the demo starts: a file taken, an outcome
 * (KSeF number and UPO, or why it was rejected or never sent) and a file refused with its reason. Without it a file
 * dropped into the demo's inbox, or one it refuses, leaves the console silent. Files named by `skipErpIds` (the
 * demo's own documents, shown in its table) and files already there at the start are not reported.
 */
export function inboxActivity(folders: InboxFolders, write: (line: string) => void, skipErpIds: ReadonlySet<string>, cwd = process.cwd()): InboxActivity {
  const seen = new Set<string>();
  const rel = (p: string) => relative(cwd, p) || '.';
  let primed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const list = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort();
  const erpIdOf = (name: string) => name.replace(/\.(xml|json)$/i, '');
  const reasons = (o: OutcomeFile) => (o.errors ?? []).map((e) => `${e.code ?? 'error'}${e.location ? ` ${e.location}` : ''}: ${e.message ?? ''}${e.explanation ? ` (in English: ${e.explanation})` : ''}`).join('; ');

  const lineFor = async (dir: string, name: string, files: ReadonlyMap<string, string>): Promise<string | undefined> => {
    if (dir === folders.processed) {
      return skipErpIds.has(erpIdOf(name)) ? undefined : `${name}: taken from the inbox, stored; sending to KSeF`;
    }
    const path = join(dir, name);
    // Strict: a byte that is not UTF-8 leaves the file for the next scan instead of printing U+FFFD.
    const decoded = decodeText(await readFile(path), { source: path });
    if (!decoded.ok) throw new Error(decoded.error.message);
    const body = parseJsonText(decoded.text, path) as OutcomeFile;
    if (body.erpId !== undefined && skipErpIds.has(body.erpId)) return undefined;
    if (dir === folders.failed) return `${body.file ?? name}: refused, not taken: ${reasons(body)} (${rel(path.replace(/\.json$/, '.txt'))})`;
    const erpId = body.erpId ?? erpIdOf(name);
    const who = files.get(erpId) ?? erpId;
    if (body.kind === 'accepted') {
      const upo = join(folders.outcomes, name.replace(/\.json$/, '.upo.xml'));
      return `${who}: accepted by KSeF, KSeF number ${body.ksefNumber ?? '?'}, UPO ${rel(upo)}`;
    }
    if (body.kind === 'invalid') return `${who}: invalid, never sent to KSeF: ${reasons(body)} (${rel(path)})`;
    if (body.kind === 'rejected') return `${who}: rejected by KSeF: ${reasons(body)} (${rel(path)})`;
    return undefined;
  };

  const once = async (): Promise<void> => {
    const processed = await list(folders.processed);
    const failed = await list(folders.failed);
    // The inbox file behind each ERP id (its name without the extension), to name files rather than ids.
    const files = new Map([...processed, ...failed].filter((n) => !/\.error\.(json|txt)$/.test(n)).map((n) => [erpIdOf(n), n]));
    const found: [string, string][] = [
      ...processed.map((n): [string, string] => [folders.processed, n]),
      ...(await list(folders.outcomes)).filter((n) => n.endsWith('.json')).map((n): [string, string] => [folders.outcomes, n]),
      ...failed.filter((n) => n.endsWith('.error.json')).map((n): [string, string] => [folders.failed, n]),
    ];
    for (const [dir, name] of found) {
      const key = join(dir, name);
      if (seen.has(key)) continue;
      if (!primed) { seen.add(key); continue; }
      try {
        const line = await lineFor(dir, name, files);
        seen.add(key);
        if (line) write(line);
      } catch {
        // Half-written or replaced meanwhile (outcome files are written atomically, so rarely): next scan.
      }
    }
    primed = true;
  };

  const activity: InboxActivity = {
    scan() {
      running = running.then(once, once);
      return running;
    },
    start(everyMs = 300) {
      if (timer) return;
      timer = setInterval(() => { void activity.scan(); }, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running.catch(() => undefined);
    },
  };
  return activity;
}
