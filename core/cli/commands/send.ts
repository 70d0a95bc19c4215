import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { dataDir } from '../../config/paths.js';
import { clientFromEnv } from '../ksef/clientFromEnv.js';
import { sendFiles } from '../ksef/sendFiles.js';
import { formatResult } from '../ksef/FileResult.js';
import { ExitCode } from '../exitCodes.js';
import { locateSchemas } from '../../fa3/schemas/locateSchemas.js';
import { Fa3XsdValidator } from '../../fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../fa3/validation/validateFa3.js';

interface SendOptions { mode: 'online' | 'batch'; upoDir?: string; format: 'zip' | 'tar.gz'; offline?: boolean; timeout: string; validate: boolean }

/** Registers `send`: FA(3) files straight to KSeF, no store, no outbox (DECISIONS.md 4). */
export function register(program: Command): void {
  program.command('send')
    .description('send FA(3) XML files to KSeF directly (KSEF_BASE_URL, KSEF_NIP, KSEF_TOKEN); one line per file with its KSeF number or rejection')
    .argument('<file...>', 'FA(3) XML files, sent byte for byte')
    .addOption(new Option('--mode <mode>', 'online session or batch package').choices(['online', 'batch']).default('online'))
    .option('--upo-dir <dir>', 'where to write each UPO as <KSeF number>.xml (default: <data dir>/upo)')
    .addOption(new Option('--format <format>', 'batch package format').choices(['zip', 'tar.gz']).default('zip'))
    .option('--offline', 'declare the invoices as issued offline (offlineMode)')
    .option('--timeout <seconds>', 'how long to wait for KSeF to process', '300')
    .option('--no-validate', 'send without checking the files first (file checks, XSD if installed, business rules)')
    .action(async (files: string[], opts: SendOptions) => {
      const client = clientFromEnv();
      const schemas = opts.validate ? locateSchemas() : undefined;
      const xsd = schemas === undefined ? undefined : await Fa3XsdValidator.load(schemas);
      try {
        const results = await sendFiles(client, files, {
          mode: opts.mode, format: opts.format, offlineMode: opts.offline ?? false,
          upoDir: opts.upoDir ?? join(dataDir(), 'upo'), timeoutMs: Number(opts.timeout) * 1000,
          validate: opts.validate ? (bytes, file) => validateFa3(bytes, { xsd, documentName: file }).issues : undefined,
        }, (r) => process.stdout.write(`${formatResult(r)}\n`));
        if (results.some((r) => r.outcome === 'rejected' || r.outcome === 'error' || r.outcome === 'invalid')) process.exitCode = ExitCode.invalid;
        else if (results.some((r) => r.outcome === 'pending' || r.outcome === 'unknown')) process.exitCode = ExitCode.transient;
      } finally {
        xsd?.dispose();
        await client.close();
      }
    });
}
