import { decodeXml } from '../../text/decodeXml.js';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { checkIdocs, formatCheckReport } from '../../../plugins/sap/check/checkIdocs.js';
import { loadSapSetup } from '../../../plugins/sap/SapAdapter.js';
import { sapMappingSchema } from '../../../plugins/sap/mapping/SapMapping.js';
import { GatewayError } from '../../errors/GatewayError.js';
import { DOCUMENT_PREPARER } from '../../pipeline/ports/DocumentPreparer.js';
import { validateWithPreparer } from '../../plugins/validateWithPreparer.js';
import { ExitCode } from '../exitCodes.js';
import { withApp, type CommonOptions } from './gateway/openApp.js';

interface CheckOptions extends CommonOptions { mapping?: string; layout?: string; hook?: string; json?: boolean }

/** Registers `sap check`: the dry run of an INVOIC02 file for consultants and Basis teams (docs/sap.md). */
export function register(program: Command): void {
  const sap = program.command('sap').description('SAP INVOIC02 IDocs: check a file, its mapping and layout without sending anything');
  sap.command('check')
    .description('read an IDoc file (IDoc-XML or flat EDI_DC40/EDI_DD40) as the sap plugin would and validate every IDoc (nothing stored or sent): the draft, the FA(3), every error by IDoc number, segment (SEGNUM) and field, and the segments the layout does not know; exit 1 if any IDoc has an error')
    .argument('<idoc-file>', 'IDoc-XML or flat IDoc file')
    .option('-m, --mapping <file>', 'YAML mapping (partners, qualifiers, taxCodes, billingTypes); default: the built-in mapping')
    .option('--layout <file>', "the system's IDOCTYPE_READ_COMPLETE output as JSON (extensions, release differences)")
    .option('--hook <module>', 'the Z-segment hook module')
    .option('--json', 'print the report as JSON')
    .option('-c, --config <file>', 'config file (default: KSEF_GATEWAY_CONFIG, ./ksef-gateway.yaml, or embedded defaults)')
    .action(async (file: string, opts: CheckOptions) => {
      let setup;
      try {
        setup = await loadSapSetup({ mapping: sapMappingSchema.parse({}), mappingFile: opts.mapping, layoutFile: opts.layout, hook: opts.hook });
      } catch (err) {
        throw new GatewayError('GW_SAP_SETUP_INVALID', 'config', `mapping, layout or hook unusable: ${(err as Error).message}`, { cause: err });
      }
      // Bytes are never altered on the way: invalid UTF-8 or an undeclared encoding is refused with its place.
      const decoded = decodeXml(await readFile(file), { source: file });
      if (!decoded.ok) throw new GatewayError('GW_CLI_FILE_UNREADABLE', 'data', decoded.error.message, { location: file });
      const text = decoded.text;
      await withApp({ ...opts, connect: false }, async (app) => {
        const preparer = app.container.get(DOCUMENT_PREPARER);
        const report = await checkIdocs(text, setup, (doc) => validateWithPreparer(preparer, doc));
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(report));
        if (!report.ok) process.exitCode = ExitCode.invalid;
      });
    });
}
