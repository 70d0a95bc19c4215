import { printAlertStatus } from './gateway/alertStatus.js';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EMBEDDED_DEFAULTS, loadConfig } from '../../config/loadConfig.js';
import { GatewayError } from '../../errors/GatewayError.js';
import { DocumentIntakeToken } from '../../plugins/DocumentIntake.js';
import { ExitCode } from '../exitCodes.js';
import { openApp, withApp, type CommonOptions } from './gateway/openApp.js';
import { progressBar } from './gateway/progressBar.js';
import { runDemo } from './gateway/runDemo.js';
import { runDoctor } from './gateway/runDoctor.js';
import { runGateway } from './gateway/runGateway.js';
import { onceReporter } from './gateway/onceReporter.js';
import { printStatus } from './gateway/statusCommand.js';
import { printPurchaseStatus } from './gateway/purchaseStatus.js';
import { submitFiles } from './gateway/submitFiles.js';
import { formatTable } from './gateway/formatTable.js';

/** `--once-timeout`: a positive number of seconds, or a usage error (exit 2) instead of a run that never times out. */
function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a positive number of seconds');
  return n;
}

/** How long `start` waits for an unreachable PostgreSQL store (docs/postgres.md). */
const START_WAITS_FOR_STORE_MS = 5 * 60_000;

const configOption = ['-c, --config <file>', 'config file (default: KSEF_GATEWAY_CONFIG, ./ksef-gateway.yaml, or embedded defaults)'] as const;

/** Registers the gateway's own commands: start, demo, status, submit, doctor, upo get, retry (docs/cli.md). */
export function register(program: Command): void {
  program.command('start')
    .description('run the gateway: plugins, durable pipeline, admin port; stops cleanly on SIGTERM/Ctrl-C')
    .option(...configOption)
    .option('--once', 'exit when the inboxes are drained and every document this run took in is finished (others are reported, not waited for)')
    .option('--once-timeout <seconds>', 'with --once: give up after this long (exit code 3)', seconds, 600)
    .addOption(new Option('--log-format <format>', 'json: a JSON object per line (files, collectors); pretty: a short human line per event '
      + '(default: log.format, auto: pretty on a terminal)').choices(['json', 'pretty']))
    .action(async (opts: CommonOptions & { once?: boolean; onceTimeout: number; logFormat?: 'json' | 'pretty' }) => {
      if (loadConfig({ file: opts.config }).source === EMBEDDED_DEFAULTS) {
        throw new GatewayError('GW_CONFIG_NONE', 'config', 'No configuration: start needs --config FILE, KSEF_GATEWAY_CONFIG or ./ksef-gateway.yaml '
          + '(copy config/gateway.example.yaml; docs/config.md). To try the gateway against a local KSeF simulator, run `demo`.');
      }
      // A gateway started with (or restarted during) a database restart waits for it instead of exiting.
      const app = await openApp({ ...opts, logTo: process.stdout, waitForStoreMs: START_WAITS_FOR_STORE_MS });
      const report = onceReporter((line) => process.stderr.write(`${line}\n`));
      const end = await runGateway(app, {
        once: opts.once === true, onceTimeoutMs: opts.onceTimeout * 1000,
        onProgress: opts.once ? report.progress : undefined,
        onStarted: () => {
          if (app.simulator) process.stderr.write(`SIMULATOR: sending to the local KSeF simulator at ${app.simulator.baseUrl}, not to KSeF: its KSeF numbers and UPOs are not real.\n`);
        },
      });
      if (opts.once) report.end(end, opts.onceTimeout);
      if (end === 'timeout') process.exitCode = ExitCode.transient;
    });

  program.command('demo')
    .description('run on the embedded defaults: in-process KSeF simulator, a generated demo inbox, a results table')
    .option('--once', 'exit when the demo inbox is drained')
    .option('--once-timeout <seconds>', 'with --once: give up after this long (exit code 3)', seconds, 600)
    .action(async (opts: { once?: boolean; onceTimeout: number }) => {
      const { pino } = await import('pino');
      const { dataDir } = await import('../../config/paths.js');
      const logFile = join(loadConfig({ embedded: true }).config.dataDir ?? dataDir(), 'demo.log');
      // The demo's output is its table; its JSON log goes to a file beside the data.
      const app = await openApp({ embedded: true, logTo: pino.destination({ dest: logFile, mkdir: true, sync: true }) });
      process.stdout.write(`log: ${relative(process.cwd(), logFile)}\n`);
      const { end, failed } = await runDemo(app, { once: opts.once === true, onceTimeoutMs: opts.onceTimeout * 1000 }, process.stdout);
      if (end === 'timeout') process.exitCode = ExitCode.transient;
      else if (failed > 0) process.exitCode = ExitCode.invalid;
    });

  program.command('status')
    .description('documents per state and context, paused contexts, credentials, the latest errors, open alerts and events not yet taken')
    .option(...configOption)
    .option('--json', 'print JSON')
    .action((opts: CommonOptions & { json?: boolean }) => withApp({ ...opts, connect: false }, async (app) => {
      const status = await app.queries.status();
      const purchases = await app.purchases.status();
      const alerts = await app.alertStatus();
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...status, purchases, alerts }, null, 2)}\n`);
      else {
        printStatus(status, process.stdout);
        printAlertStatus(alerts, process.stdout);
        if (app.config.purchases.enabled || purchases.cursors.length > 0) printPurchaseStatus(purchases, process.stdout);
      }
    }));

  program.command('submit')
    .description('store FA(3) XML or canonical JSON files in the durable outbox; a running gateway sends them')
    .argument('<files...>')
    .option(...configOption)
    .option('--urgent', 'send by online session at once instead of batching')
    .option('--transcode', 'transcode exactly to UTF-8 an XML file that declares another encoding (default: refuse it)')
    .action((files: string[], opts: CommonOptions & { urgent?: boolean; transcode?: boolean }) => withApp({ ...opts, connect: false }, async (app) => {
      const bar = progressBar(files.length, 'submitting');
      const results = await submitFiles(app.container.get(DocumentIntakeToken), files,
        { urgent: opts.urgent === true, otherEncodings: opts.transcode ? 'transcode' : 'refuse' }, () => bar.tick());
      bar.stop();
      process.stdout.write(`${formatTable(['file', 'document', 'state', 'detail'], results.map((r) => [
        r.file, r.receipt?.documentId ?? '', r.receipt?.state ?? 'not stored',
        r.error ?? (r.receipt?.errors?.map((e) => `${e.code}${e.location ? ` ${e.location}` : ''}: ${e.message}`).join('; ') || (r.receipt?.duplicate ? 'already submitted' : '')),
      ]))}\n`);
      if (results.some((r) => r.error || r.receipt?.state === 'invalid')) process.exitCode = ExitCode.invalid;
    }));

  program.command('doctor')
    .description('check configuration, schemas, store, vault, KSeF reachability, token validity and permissions, and plugins\' way to their ERP')
    .option(...configOption)
    .action(async (opts: CommonOptions) => {
      const source = loadConfig({ file: opts.config }).source;
      await withApp({ ...opts, quiet: true }, async (app) => {
        const checks = await runDoctor(app, source);
        process.stdout.write(`${formatTable(['check', 'result', 'detail'], checks.map((c) => [c.name, c.result, c.detail]))}\n`);
        const failures = checks.filter((c) => c.result === 'fail');
        if (failures.some((c) => c.kind === 'config')) process.exitCode = ExitCode.config;
        else if (failures.some((c) => c.kind === 'transient')) process.exitCode = ExitCode.transient;
        else if (failures.length > 0) process.exitCode = ExitCode.system;
      });
    });

  const sourceOption = ['--source <plugin>', 'the plugin instance id, when several plugins used the same ERP id'] as const;
  program.command('upo')
    .description('UPOs (the official receipts KSeF issued), as kept in the store')
    .command('get')
    .description('write the UPO of a document, byte for byte as KSeF sent it')
    .argument('<reference>', 'the document id, the ERP id or the KSeF number')
    .option(...configOption)
    .option(...sourceOption)
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action((reference: string, opts: CommonOptions & { out?: string; source?: string }) => withApp({ ...opts, connect: false }, async (app) => {
      const bytes = await app.queries.upo(reference, opts.source);
      if (opts.out) writeFileSync(opts.out, bytes);
      else process.stdout.write(bytes);
    }));

  program.command('retry')
    .description("hand KSeF's verdict on a document (accepted or rejected) to its plugin again, delivered before or not; attempts and backoff restart")
    .argument('<reference>', 'the document id, the ERP id or the KSeF number')
    .option(...configOption)
    .option(...sourceOption)
    .action((reference: string, opts: CommonOptions & { source?: string }) => withApp({ ...opts, connect: false }, async (app) => {
      const doc = await app.queries.retry(reference, opts.source);
      process.stdout.write(`${doc.id} (${doc.erpId}): ${doc.state}; delivery due now, attempts restarted (a running gateway delivers it)\n`);
    }));
}
