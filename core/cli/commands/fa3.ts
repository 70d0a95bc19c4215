import { readFile } from 'node:fs/promises';
import { parseJsonText } from '../../plugin-api/parseJsonText.js';
import type { Command } from 'commander';
import { GatewayError } from '../../errors/GatewayError.js';
import { readFa3 } from '../../fa3/Fa3Reader.js';
import { writeFa3 } from '../../fa3/Fa3Writer.js';
import type { Faktura } from '../../fa3/model/Faktura.js';
import { locateSchemas } from '../../fa3/schemas/locateSchemas.js';
import { Fa3XsdValidator } from '../../fa3/validation/Fa3XsdValidator.js';
import type { ValidationIssue } from '../../fa3/validation/ValidationIssue.js';
import { validateFa3 } from '../../fa3/validation/validateFa3.js';
import { ExitCode } from '../exitCodes.js';

interface ValidateOptions { xsd: boolean; schemas?: string; json?: boolean }

/** Registers the `fa3` command group: validate, to-json, from-json. */
export function register(program: Command): void {
  const fa3 = program.command('fa3').description('FA(3) invoices: validate, convert to and from canonical JSON');

  fa3.command('validate')
    .description('validate FA(3) XML files: file checks, the official XSD, the business rules; exit 0 only if every file is valid')
    .argument('<file...>', 'FA(3) XML files')
    .option('--no-xsd', 'skip the XSD and check the file and the business rules only')
    .option('--schemas <dir>', 'schemas directory (contains fa3/); default KSEF_SCHEMAS_DIR, then the `schemas install` cache')
    .option('--json', 'print one JSON object per file instead of text lines')
    .action((files: string[], opts: ValidateOptions) => validateFiles(files, opts));

  fa3.command('to-json')
    .description('print the canonical JSON of an FA(3) XML file (element names as keys, amounts as strings)')
    .argument('<file.xml>', 'FA(3) XML file')
    .action(async (file: string) => {
      const invoice = readFa3(await readInput(file), file);
      process.stdout.write(`${JSON.stringify(invoice, null, 2)}\n`);
    });

  fa3.command('from-json')
    .description('print the FA(3) XML of a canonical JSON file; with --validate, check it too (issues on stderr, exit 1 if invalid)')
    .argument('<file.json>', 'canonical JSON file')
    .option('--validate', 'validate the XML written (file checks, XSD if installed, business rules)')
    .action(async (file: string, opts: { validate?: boolean }) => {
      let invoice: Faktura;
      try {
        invoice = parseJsonText((await readInput(file)).toString('utf8'), file) as Faktura;
      } catch (err) {
        throw new GatewayError('GW_FA3_JSON_INVALID', 'data', (err as Error).message, { cause: err });
      }
      const xml = writeFa3(invoice, { documentName: file });
      process.stdout.write(xml);
      if (opts.validate) {
        const xsd = await loadXsd({ xsd: true });
        try {
          const result = validateFa3(xml, { xsd, documentName: file });
          for (const issue of result.issues) process.stderr.write(`${formatIssue(file, issue)}\n`);
          if (!result.valid) process.exitCode = ExitCode.invalid;
        } finally {
          xsd?.dispose();
        }
      }
    });
}

async function validateFiles(files: string[], opts: ValidateOptions): Promise<void> {
  const xsd = await loadXsd(opts);
  let invalid = false;
  let unreadable = false;
  try {
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (err) {
        unreadable = true;
        const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
        process.stdout.write(opts.json ? `${JSON.stringify({ file, valid: false, error: reason })}\n` : `${file}: cannot read: ${reason}\n`);
        continue;
      }
      const result = validateFa3(bytes, { xsd, documentName: file });
      invalid ||= !result.valid;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ file, valid: result.valid, issues: result.issues })}\n`);
        continue;
      }
      for (const issue of result.issues) process.stdout.write(`${formatIssue(file, issue)}\n`);
      if (result.valid) process.stdout.write(`${file}: valid${result.issues.length > 0 ? ` (${result.issues.length} warning(s))` : ''}\n`);
    }
  } finally {
    xsd?.dispose();
  }
  process.exitCode = unreadable ? ExitCode.config : invalid ? ExitCode.invalid : ExitCode.ok;
}

async function loadXsd(opts: Pick<ValidateOptions, 'xsd' | 'schemas'>): Promise<Fa3XsdValidator | undefined> {
  if (!opts.xsd) return undefined;
  const dir = opts.schemas ?? locateSchemas();
  return dir === undefined ? undefined : Fa3XsdValidator.load(dir);
}

/** One line per issue: file, severity, code, location, message. */
export function formatIssue(file: string, issue: ValidationIssue): string {
  return `${file}: ${issue.severity} ${issue.code}${issue.location ? ` at ${issue.location}` : ''}: ${issue.message}`;
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new GatewayError('GW_CLI_FILE_UNREADABLE', 'config', `cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}
