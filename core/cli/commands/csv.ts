import { Option, type Command } from 'commander';
import { DOCUMENT_PREPARER } from '../../pipeline/ports/DocumentPreparer.js';
import { validateWithPreparer } from '../../plugins/validateWithPreparer.js';
import { checkCsv } from '../../../plugins/csv/check/checkCsv.js';
import { loadMapping } from '../../../plugins/csv/mapping/loadMapping.js';
import { CsvFileError } from '../../../plugins/csv/reading/CsvFileError.js';
import { GatewayError } from '../../errors/GatewayError.js';
import { ExitCode } from '../exitCodes.js';
import { withApp, type CommonOptions } from './gateway/openApp.js';

/** Registers `csv check`: the consultant's dry run of a CSV export through a mapping (plugins/csv/README.md). */
export function register(program: Command): void {
  const csv = program.command('csv').description('CSV exports: check a file and its mapping without sending anything');
  csv.command('check')
    .description('read CSV files as the csv plugin would and validate every invoice (nothing stored or sent): errors with file, row, column, field and reason, the first invoices as FA(3), a summary; exit 1 if any invoice has an error')
    .argument('<file...>', 'CSV files (for a header + lines layout: the header file and its lines file)')
    .option('-m, --mapping <file>', 'YAML mapping (default: the built-in default mapping)')
    .addOption(new Option('--show <n>', 'how many valid invoices to print as FA(3) XML').default('2'))
    .option('-c, --config <file>', 'config file (default: KSEF_GATEWAY_CONFIG, ./ksef-gateway.yaml, or embedded defaults)')
    .action(async (files: string[], opts: CommonOptions & { mapping?: string; show: string }) => {
      let mapping;
      try {
        mapping = await loadMapping(opts.mapping);
      } catch (err) {
        if (err instanceof CsvFileError) throw new GatewayError(err.code, 'config', err.message, { cause: err });
        throw err;
      }
      await withApp({ ...opts, connect: false }, async (app) => {
        const preparer = app.container.get(DOCUMENT_PREPARER);
        const result = await checkCsv(files, mapping, (doc) => validateWithPreparer(preparer, doc), (t) => process.stdout.write(t), { show: Number(opts.show) });
        if (!result.ok) process.exitCode = ExitCode.invalid;
      });
    });
}
