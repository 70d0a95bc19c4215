import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { GatewayError } from '../../errors/GatewayError.js';
import { ExitCode } from '../exitCodes.js';
import { withApp, type CommonOptions } from './gateway/openApp.js';
import { formatTable } from './gateway/formatTable.js';
import { printPurchaseStatus } from './gateway/purchaseStatus.js';

const configOption = ['-c, --config <file>', 'config file (default: KSEF_GATEWAY_CONFIG, ./ksef-gateway.yaml, or embedded defaults)'] as const;
const NIP = /^\d{10}$/;

function nipOption(value: string | undefined): string | undefined {
  if (value !== undefined && !NIP.test(value)) throw new GatewayError('GW_CLI_NIP', 'config', `--context ${value}: a NIP has 10 digits`, { location: '--context' });
  return value;
}

/** `purchases sync | list | get | status`: the inbound direction from the command line (docs/purchases.md). */
export function register(program: Command): void {
  const purchases = program.command('purchases').description('invoices KSeF holds for the contexts (purchases by default): sync, list, get');

  purchases.command('sync')
    .description('sync now (inside the export budget): exports from each cursor, stores new invoices; a running gateway hands them to plugins')
    .option(...configOption)
    .option('--context <nip>', 'only this context (default: every configured context)')
    .option('--since <date>', 'start at this ISO date-time instead of the stored cursor (invoices already held are skipped)')
    .action((opts: CommonOptions & { context?: string; since?: string }) => withApp(opts, async (app) => {
      const context = nipOption(opts.context);
      if (opts.since !== undefined && Number.isNaN(Date.parse(opts.since))) {
        throw new GatewayError('GW_CLI_DATE', 'config', `--since ${opts.since}: not an ISO date-time`, { location: '--since' });
      }
      if (context && !app.contexts().includes(context)) throw new GatewayError('GW_CLI_CONTEXT', 'config', `--context ${context}: not a configured context`, { location: '--context' });
      await app.ensureCredentials();
      const results = await app.purchases.syncNow({ contexts: context ? [context] : undefined, since: opts.since });
      process.stdout.write(`${formatTable(['context', 'subject', 'outcome', 'exports', 'new invoices', 'continues from'],
        results.map((r) => [r.contextNip, r.subjectType, r.outcome, String(r.exports), String(r.received), r.continueFrom ?? '']))}\n`);
      if (results.some((r) => r.outcome !== 'synced')) process.exitCode = ExitCode.transient;
    }));

  purchases.command('list')
    .description('received invoices, newest first')
    .option(...configOption)
    .option('--context <nip>', 'only this context')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action((opts: CommonOptions & { context?: string; limit: string; json?: boolean }) => withApp({ ...opts, connect: false }, async (app) => {
      const list = await app.purchaseStore.listInvoices({ contextNip: nipOption(opts.context), limit: Math.max(1, Number(opts.limit) || 50) });
      if (opts.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      process.stdout.write(`${list.length ? formatTable(['KSeF number', 'context', 'subject', 'invoice number', 'seller', 'issued', 'acquired', 'gross', 'currency'],
        list.map((i) => [i.ksefNumber, i.contextNip, i.subjectType, i.invoiceNumber, i.sellerNip, i.issueDate, i.acquisitionDate,
          String(i.metadata.grossAmount ?? ''), String(i.metadata.currency ?? '')])) : '(no received invoices yet)'}\n`);
    }));

  purchases.command('get')
    .description('write a received invoice, byte for byte as KSeF returned it (or its metadata with --json)')
    .argument('<ksefNumber>')
    .option(...configOption)
    .option('--context <nip>', 'the context it was received for (when several hold it)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--json', 'print the stored metadata instead of the XML')
    .action((ksefNumber: string, opts: CommonOptions & { context?: string; out?: string; json?: boolean }) => withApp({ ...opts, connect: false }, async (app) => {
      const inv = await app.purchaseStore.getInvoice(ksefNumber, nipOption(opts.context));
      if (!inv) throw new GatewayError('GW_PURCHASES_NOT_FOUND', 'data', `No received invoice ${ksefNumber}${opts.context ? ` for context ${opts.context}` : ''}`, { location: ksefNumber });
      const { xml, ...meta } = inv;
      const bytes = opts.json ? Buffer.from(`${JSON.stringify(meta, null, 2)}\n`) : xml;
      if (opts.out) writeFileSync(opts.out, bytes);
      else process.stdout.write(bytes);
    }));

  purchases.command('status')
    .description('per context and subject type: last sync, HWM, invoices received, export budget left, deliveries pending')
    .option(...configOption)
    .option('--json', 'print JSON')
    .action((opts: CommonOptions & { json?: boolean }) => withApp({ ...opts, connect: false }, async (app) => {
      const status = await app.purchases.status();
      if (opts.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      else printPurchaseStatus(status, process.stdout);
    }));
}
