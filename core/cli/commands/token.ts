import type { Command } from 'commander';
import { openTokenEnv, type TokenEnv } from '../ksef/openTokenEnv.js';
import { readTokenValue } from '../ksef/readTokenValue.js';
import { tokenAdd } from '../ksef/tokenAdd.js';
import { parseTokenExpiry } from '../../credentials/tokenExpiry.js';
import { parsePermissions, parseStatuses, tokenGenerate, tokenList, tokenRevoke, tokenStatus, type TokenOutput } from '../ksef/tokenCommands.js';
import { formatVaultToken, markRevoked, storeGenerated, syncKsefStatus } from '../ksef/tokenVaultSync.js';
import type { KsefClient } from '../../ksef/KsefClient.js';
import { GatewayError } from '../../errors/GatewayError.js';
import { reportFatal } from '../exitCodes.js';

const stdout: TokenOutput = {
  line: (text) => process.stdout.write(`${text}\n`),
  // The one place a token value is printed (DECISIONS.md 18).
  secret: (text) => process.stdout.write(`${text}\n`),
  warn: (text) => process.stderr.write(`WARNING: ${text}\n`),
};

type Common = { config?: string; nip?: string };

/** Opens config, vault and KSeF connection for one command; errors get the documented exit codes, never a secret. */
function run<T extends Common>(vault: (o: T) => 'always' | 'if-exists', fn: (env: TokenEnv, o: T) => Promise<void>): (o: T) => Promise<void> {
  return async (o) => {
    let env: TokenEnv | undefined;
    try {
      env = await openTokenEnv({ config: o.config, nip: o.nip, vault: vault(o) });
      await fn(env, o);
    } catch (e) {
      reportFatal(e);
    } finally {
      await env?.close();
    }
  };
}

async function withClient<R>(env: TokenEnv, use: (client: KsefClient) => Promise<R>): Promise<R> {
  const client = await env.authenticatedClient();
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/**
 * Registers `token add|generate|list|status|revoke`. KSeF connection from config (ksef.baseUrl / environment,
 * contexts) or KSEF_BASE_URL, KSEF_NIP, KSEF_TOKEN; the vault is the one in the gateway's data dir.
 */
export function register(program: Command): void {
  const token = program.command('token')
    .description('KSeF tokens: add an existing one to the vault; generate, list, status, revoke at KSeF (a new token is shown once; stored values never)')
    .option('--config <file>', 'gateway config file (default KSEF_GATEWAY_CONFIG, then ./ksef-gateway.yaml)');
  const opts = <T extends Common>(c: Command): T => ({ ...token.opts<Common>(), ...c.opts<T>() });
  const nipOption = '--nip <nip>';
  const nipHelp = 'context NIP (default KSEF_NIP, or the one context in the config)';

  token.command('add')
    .description('store an existing KSeF token for a context in the vault (encrypted); the value comes from stdin (piped or a hidden prompt) or --from-env, never from the command line')
    .option(nipOption, nipHelp)
    .option('--from-env <var>', 'read the token from this environment variable')
    .option('--no-verify', 'store without authenticating with it at KSeF first')
    .option('--expires <date>', 'when the token stops being valid (YYYY-MM-DD = end of that day UTC, or ISO 8601): KSeF does not say, so the expiry alerts (30/7/1 days) need it from you')
    .action(async (_o: unknown, cmd: Command) => run<Common & { fromEnv?: string; verify: boolean; expires?: string }>(() => 'always', async (env, o) => {
      // Checked before the value is read, so a typo costs no second paste.
      const expiresAt = o.expires === undefined ? undefined : parseTokenExpiry(o.expires, new Date());
      const secret = await readTokenValue({ fromEnv: o.fromEnv });
      await tokenAdd({ nip: env.nip, vault: env.vault!, client: env.endpoint ? (auth) => env.client(auth) : undefined }, secret,
        { verify: o.verify, expiresAt }, stdout);
    })(opts(cmd)));

  token.command('generate')
    .description('generate a KSeF token in the context; its value is printed once and stored in the vault when one exists')
    .option(nipOption, nipHelp)
    .requiredOption('--permissions <list>', 'comma-separated: InvoiceRead,InvoiceWrite,CredentialsRead,CredentialsManage,SubunitManage,EnforcementOperations,Introspection')
    .requiredOption('--description <text>', '5 to 256 characters')
    .option('--store', 'store it in the vault as the context\'s token (default when a vault exists)')
    .option('--no-store', 'do not store it in the vault')
    .action(async (_o: unknown, cmd: Command) => run<Common & { permissions: string; description: string; store?: boolean }>(
      (o) => (o.store === true ? 'always' : 'if-exists'), async (env, o) => {
        const permissions = parsePermissions(o.permissions);
        await withClient(env, async (c) => {
          const generated = await tokenGenerate(c, { permissions, description: o.description }, stdout);
          if (env.vault && o.store !== false) await storeGenerated(c, env.vault, env.nip, generated, permissions, stdout);
        });
      })(opts(cmd)));

  token.command('list')
    .description('list tokens of the context at KSeF (metadata only)')
    .option(nipOption, nipHelp)
    .option('--status <list>', 'comma-separated: Pending,Active,Revoking,Revoked,Failed')
    .option('--description <text>', 'tokens whose description contains this (at least 3 characters)')
    .action(async (_o: unknown, cmd: Command) => run<Common & { status?: string; description?: string }>(() => 'if-exists', async (env, o) => {
      const status = parseStatuses(o.status);
      await withClient(env, (c) => tokenList(c, { status, description: o.description }, stdout));
    })(opts(cmd)));

  token.command('status')
    .description('the vault\'s record of the context\'s token (reference, permissions, status, last authentication) and KSeF\'s view when reachable; never the value')
    .argument('[referenceNumber]', 'a token at KSeF (default: the one stored for the context)')
    .option(nipOption, nipHelp)
    .action(async (ref: string | undefined, _o: unknown, cmd: Command) => run<Common>(() => 'if-exists', async (env) => {
      const stored = await env.vault?.info(env.nip, 'token');
      const target = ref ?? stored?.referenceNumber;
      if (!target && !env.vault) throw new GatewayError('GW_TOKEN_REFERENCE', 'config', 'Give a reference number (no vault here to take it from)', { location: 'referenceNumber' });
      // KSeF first, so that the vault's record shown below includes what this call learnt (status, authentication).
      const ksef: string[] = [];
      const buffer: TokenOutput = { line: (l) => ksef.push(l), secret: () => undefined };
      if (target && !env.endpoint) ksef.push('KSeF: not asked (no KSeF endpoint configured)');
      else if (target) {
        try {
          const t = await withClient(env, (c) => tokenStatus(c, target, buffer));
          ksef.unshift('KSeF:');
          if (env.vault) await syncKsefStatus(env.vault, env.nip, t);
        } catch (e) {
          // The vault's record is shown anyway; KSeF's view is added when it can be had.
          if (!env.vault) throw e;
          ksef.splice(0, ksef.length, `KSeF: not reachable or refused (${GatewayError.is(e) ? e.code : 'error'}: ${(e as Error).message})`);
        }
      }
      if (env.vault) for (const l of formatVaultToken(await env.vault.info(env.nip, 'token'), env.nip)) stdout.line(l);
      for (const l of ksef) stdout.line(l);
    })(opts(cmd)));

  token.command('revoke')
    .description('revoke a token at KSeF by its reference number; the vault\'s entry is marked revoked when it is that token')
    .argument('<referenceNumber>')
    .option(nipOption, nipHelp)
    .action(async (ref: string, _o: unknown, cmd: Command) => run<Common>(() => 'if-exists', async (env) => {
      await withClient(env, (c) => tokenRevoke(c, ref, stdout));
      if (env.vault && await markRevoked(env.vault, env.nip, ref)) {
        stdout.line(`vault: the token of context ${env.nip} is marked revoked; sending for it pauses until a new token is added (token add)`);
      }
    })(opts(cmd)));
}
