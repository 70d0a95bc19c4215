import { decodeText } from '../../text/decodeText.js';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { GatewayError } from '../../errors/GatewayError.js';
import { invoiceDraftSchema } from '../../fa3/draft/draftSchema.js';
import { validateDraft, type LocatedIssue } from '../../fa3/draft/validateDraft.js';
import { locateSchemas } from '../../fa3/schemas/locateSchemas.js';
import { Fa3XsdValidator } from '../../fa3/validation/Fa3XsdValidator.js';
import { ExitCode } from '../exitCodes.js';

/** Registers the `draft` command group: to-fa3, schema. */
export function register(program: Command): void {
  const draft = program.command('draft').description('invoice drafts (docs/drafts.md): complete into FA(3), print the JSON Schema');

  draft.command('to-fa3')
    .description('complete an invoice draft (JSON) into FA(3) XML and validate it; XML on stdout, findings on stderr, exit 1 if invalid')
    .argument('<file.json>', 'invoice draft as JSON')
    .option('--no-xsd', 'skip the XSD (file checks, completion and business rules only)')
    .option('--schemas <dir>', 'schemas directory (contains fa3/); default KSEF_SCHEMAS_DIR, then the `schemas install` cache')
    .action(async (file: string, opts: { xsd: boolean; schemas?: string }) => {
      const input = await readJson(file);
      const dir = opts.xsd ? (opts.schemas ?? locateSchemas()) : undefined;
      const xsd = dir === undefined ? undefined : await Fa3XsdValidator.load(dir);
      try {
        // No store here: references by ERP id are reported unresolved; use KSeF numbers in files checked this way.
        const result = await validateDraft(input, { xsd });
        for (const issue of result.issues) process.stderr.write(`${formatDraftIssue(file, issue)}\n`);
        if (result.valid && result.xml !== undefined) process.stdout.write(result.xml);
        else process.exitCode = ExitCode.invalid;
      } finally {
        xsd?.dispose();
      }
    });

  draft.command('schema')
    .description('print the JSON Schema of invoice drafts (docs/invoice-draft.schema.json)')
    .action(() => { process.stdout.write(`${draftJsonSchema()}\n`); });
}

/** The JSON Schema of drafts, derived from the schema the gateway checks drafts with. */
export function draftJsonSchema(): string {
  const schema = z.toJSONSchema(invoiceDraftSchema, { unrepresentable: 'any' });
  return JSON.stringify({ ...schema, $id: 'https://ksef-gateway.dev/schemas/invoice-draft.schema.json', title: 'ksef-gateway invoice draft' }, null, 2);
}

/** One line per finding: file, severity, code, draft field, FA(3) path, message. */
export function formatDraftIssue(file: string, issue: LocatedIssue): string {
  const at = [issue.field !== undefined && `field ${issue.field || '/'}`, issue.location && `FA(3) ${issue.location}`].filter(Boolean).join(', ');
  return `${file}: ${issue.severity} ${issue.code}${at ? ` (${at})` : ''}: ${issue.message}`;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    const decoded = decodeText(await readFile(file), { source: file });
    if (!decoded.ok) throw new Error(decoded.error.message);
    text = decoded.text;
  } catch (err) {
    throw new GatewayError('GW_CLI_FILE_UNREADABLE', 'config', `cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GatewayError('GW_DRAFT_NOT_JSON', 'data', `${file}: not JSON: ${(err as Error).message}`, { cause: err });
  }
}
