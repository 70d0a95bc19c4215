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
import { Fa3ValidationPool } from '../../fa3/validation/Fa3ValidationPool.js';
import { validateFa3, type Fa3ValidationResult } from '../../fa3/validation/validateFa3.js';
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

/** From this many files on, `fa3 validate` uses a thread per core (starting them costs a schema compile each). */
const POOL_FROM_FILES = 16;
/** Files handed to the threads at once: enough to keep both busy, few enough that output follows input closely. */
const BLOCK = 64;
/**
 * Blocks queued ahead: the threads must never wait for this thread to print and queue more (on a busy machine it may
 * wait tens of milliseconds for a core).
 */
const AHEAD = 8;

type FileOutcome = { readonly result: Fa3ValidationResult } | { readonly unreadable: string };

async function validateFiles(files: string[], opts: ValidateOptions): Promise<void> {
  let invalid = false;
  let unreadable = false;
  const report = (file: string, outcome: FileOutcome): string => {
    if ('unreadable' in outcome) {
      unreadable = true;
      return opts.json ? `${JSON.stringify({ file, valid: false, error: outcome.unreadable })}\n` : `${file}: cannot read: ${outcome.unreadable}\n`;
    }
    const { result } = outcome;
    invalid ||= !result.valid;
    if (opts.json) return `${JSON.stringify({ file, valid: result.valid, issues: result.issues })}\n`;
    return result.issues.map((issue) => `${formatIssue(file, issue)}\n`).join('') +
      (result.valid ? `${file}: valid${result.issues.length > 0 ? ` (${result.issues.length} warning(s))` : ''}\n` : '');
  };
  const threads = Fa3ValidationPool.threadsFor('auto');
  if (files.length >= POOL_FROM_FILES && threads > 1 && Fa3ValidationPool.available()) {
    // Each thread reads its files and validates them from one parse; this thread only names files and prints.
    const schemasDir = opts.xsd ? opts.schemas ?? locateSchemas() : undefined;
    // A hand-off between threads costs about as much as validating a small invoice: a block goes in a few big tasks.
    const pool = new Fa3ValidationPool({ schemasDir, threads, maxPerTask: BLOCK / threads });
    try {
      const now = new Date();
      const blocks: Promise<FileOutcome[]>[] = [];
      const start = (at: number) => { if (at < files.length) blocks.push(Promise.all(files.slice(at, at + BLOCK).map((f) => pool.validateFile(f, { now })))); };
      for (let k = 0; k < AHEAD; k++) start(k * BLOCK);
      for (let at = 0; at < files.length; at += BLOCK) {
        const outcomes = await blocks.shift()!;
        start(at + AHEAD * BLOCK);
        process.stdout.write(outcomes.map((o, i) => report(files[at + i], o)).join(''));
      }
    } finally {
      await pool.close();
    }
  } else {
    const xsd = await loadXsd(opts);
    try {
      for (const file of files) {
        let bytes: Buffer;
        try {
          bytes = await readFile(file);
        } catch (err) {
          process.stdout.write(report(file, { unreadable: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message }));
          continue;
        }
        process.stdout.write(report(file, { result: validateFa3(bytes, { xsd, documentName: file }) }));
      }
    } finally {
      xsd?.dispose();
    }
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
