import type { Command } from 'commander';
import { clientFromEnv } from '../../ksef/cli/clientFromEnv.js';
import type { KsefClient } from '../../ksef/KsefClient.js';
import { parsePermissions, parseStatuses, tokenGenerate, tokenList, tokenRevoke, tokenStatus, type TokenOutput } from '../../ksef/cli/tokenCommands.js';

const stdout: TokenOutput = {
  line: (text) => process.stdout.write(`${text}\n`),
  // The one place a token value is printed (DECISIONS.md 18).
  secret: (text) => process.stdout.write(`${text}\n`),
};

async function withClient(run: (client: KsefClient) => Promise<unknown>): Promise<void> {
  const client = clientFromEnv();
  try {
    await run(client);
  } finally {
    await client.close();
  }
}

/** Registers `token generate|list|status|revoke`, against the KSeF API (KSEF_BASE_URL, KSEF_NIP, KSEF_TOKEN). */
export function register(program: Command): void {
  const token = program.command('token').description('KSeF tokens: generate, list, status, revoke (metadata only; a new token is shown once)');

  token.command('generate')
    .description('generate a KSeF token in the current context; its value is printed once')
    .requiredOption('--permissions <list>', 'comma-separated: InvoiceRead,InvoiceWrite,CredentialsRead,CredentialsManage,SubunitManage,EnforcementOperations,Introspection')
    .requiredOption('--description <text>', '5 to 256 characters')
    .action((opts: { permissions: string; description: string }) =>
      withClient((c) => tokenGenerate(c, { permissions: parsePermissions(opts.permissions), description: opts.description }, stdout)));

  token.command('list')
    .description('list tokens of the context (metadata only)')
    .option('--status <list>', 'comma-separated: Pending,Active,Revoking,Revoked,Failed')
    .option('--description <text>', 'tokens whose description contains this (at least 3 characters)')
    .action((opts: { status?: string; description?: string }) =>
      withClient((c) => tokenList(c, { status: parseStatuses(opts.status), description: opts.description }, stdout)));

  token.command('status')
    .description('show one token by its reference number')
    .argument('<referenceNumber>')
    .action((ref: string) => withClient((c) => tokenStatus(c, ref, stdout)));

  token.command('revoke')
    .description('revoke a token by its reference number')
    .argument('<referenceNumber>')
    .action((ref: string) => withClient((c) => tokenRevoke(c, ref, stdout)));
}
