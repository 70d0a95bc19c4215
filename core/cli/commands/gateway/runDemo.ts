import { existsSync, mkdirSync, readdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Writable } from 'node:stream';
import { DEMO_NIP, type GatewayApp } from '../../../di/GatewayApp.js';
import { writeFa3 } from '../../../fa3/Fa3Writer.js';
import { inboxFolders } from '../../../../plugins/folder-inbox/InboxFolders.js';
import { gatewayFiles } from '../../../di/compositionRoot.js';
import { TOKENS } from '../../../di/tokens.js';
import { demoInvoices, type DemoInvoice } from './demoInvoices.js';
import { formatTable } from './formatTable.js';
import { inboxActivity } from './inboxActivity.js';
import { progressBar, type Progress } from './progressBar.js';
import { runGateway, type RunEnd } from './runGateway.js';

/** Fills the demo inbox (when it is empty) with one document of each kind: JSON for most, FA(3) XML for two. */
export function seedDemoInbox(inbox: string, now: Date): DemoInvoice[] {
  mkdirSync(inbox, { recursive: true });
  if (readdirSync(inbox).some((n) => /\.(xml|json)$/i.test(n))) return [];
  const docs = demoInvoices(DEMO_NIP, now.getTime().toString(36), now);
  // Written whole under a hidden name, then renamed in, as an ERP should: dated before the inbox's settle time, so
  // the first poll takes them (a fresh file waits until it has stayed unchanged for a while).
  const finished = new Date(now.getTime() - 60_000);
  docs.forEach((doc, i) => {
    const name = i % 3 === 2 ? `${doc.erpId}.xml` : `${doc.erpId}.json`;
    const tmp = join(inbox, `.${name}`);
    writeFileSync(tmp, i % 3 === 2 ? writeFa3(doc.invoice) : `${JSON.stringify(doc.invoice, null, 2)}\n`);
    utimesSync(tmp, finished, finished);
    renameSync(tmp, join(inbox, name));
  });
  return docs;
}

export interface DemoOptions {
  readonly once: boolean;
  readonly onceTimeoutMs?: number;
  /** Ends the demo as Ctrl-C does (tests). */
  readonly stop?: AbortSignal;
}

/** `demo`: the embedded set-up, a generated inbox, a table of KSeF numbers and UPO files; `--once` exits when drained. */
export async function runDemo(app: GatewayApp, opts: DemoOptions, out: Writable, progressTo: NodeJS.WriteStream = process.stderr): Promise<{ end: RunEnd; failed: number }> {
  const entry = app.config.plugins.find((p) => p.use === 'folder-inbox');
  const dataDir = gatewayFiles(app.config).dataDir;
  const folders = inboxFolders((entry?.options ?? {}) as { inbox?: string }, join(dataDir, 'plugins', entry?.id ?? 'inbox'));
  const docs = seedDemoInbox(folders.inbox, new Date());
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  let failed = 0;
  // Drawn only once the header is out: a bar started earlier is overwritten by it on a terminal.
  let bar: Progress = { tick() {}, update() {}, stop() {} };
  const activity = inboxActivity(folders, (line) => out.write(`${line}\n`), new Set(docs.map((d) => d.erpId)));
  await activity.scan();
  const printTable = async (): Promise<void> => {
    bar.stop();
    const rows: string[][] = [];
    for (const doc of docs) {
      const rec = await app.store.getByErpId(entry?.id ?? 'inbox', doc.erpId);
      const upo = join(folders.outcomes, `${doc.erpId}.upo.xml`);
      if (!rec || rec.state === 'invalid' || rec.state === 'rejected') failed += 1;
      rows.push([doc.erpId, doc.kind, rec?.state ?? 'not taken', rec?.ksefNumber ?? (rec?.errors[0] ? `${rec.errors[0].code}: ${rec.errors[0].message}` : ''), existsSync(upo) ? rel(upo) : '']);
    }
    out.write(`\n${formatTable(['document', 'kind', 'state', 'KSeF number', 'UPO file'], rows)}\n\n`);
    if (!opts.once) {
      out.write(`Drop more FA(3) XML or canonical JSON files into ${rel(folders.inbox)}; outcomes appear in ${rel(folders.outcomes)} and below. Ctrl-C stops.\n`);
      activity.start();
    }
  };
  const end = await runGateway(app, {
    once: opts.once,
    onceTimeoutMs: opts.onceTimeoutMs,
    stop: opts.stop,
    onPending: (pending) => bar.update(Math.max(0, docs.length - pending)),
    onDrained: printTable,
    onStarted: () => {
      out.write(demoBanner(app, docs, rel(folders.inbox)));
      bar = progressBar(docs.length, 'documents in flight', progressTo);
    },
  });
  bar.stop();
  // What happened to files other than the demo's own since the table (or, with --once, during the run).
  await activity.scan();
  await activity.stop();
  return { end, failed };
}

/** Says loudly that this is a simulator, and where everything is. */
function demoBanner(app: GatewayApp, docs: readonly DemoInvoice[], inbox: string): string {
  return [
    '*** DEMO: a local KSeF simulator, not KSeF. KSeF numbers and UPOs below are simulated and have no legal effect. ***',
    'ksef-gateway demo: embedded configuration, nothing leaves this machine',
    `  KSeF simulator  ${app.simulator?.baseUrl ?? '(none)'}  (context NIP ${DEMO_NIP}, token generated into the vault)`,
    `  inbox           ${inbox}  (${docs.length} new documents: ${docs.map((d) => d.kind).join(', ') || 'none'})`,
    `  FA(3) schemas   ${app.container.get(TOKENS.Fa3Schemas).dir !== null ? 'installed: XSD and business rules' : 'not installed: business rules only (ksef-gateway schemas install)'}`,
    `  admin           ${app.adminUrl ? `${app.adminUrl}/healthz  ${app.adminUrl}/metrics` : 'disabled'}`,
    '',
  ].join('\n');
}
