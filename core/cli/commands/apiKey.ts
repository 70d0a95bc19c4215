import type { Command } from 'commander';
import { ApiKeys, type ApiKeyScope } from '../../../plugins/rest/auth/ApiKeys.js';
import type { GatewayApp } from '../../di/GatewayApp.js';
import { GatewayError } from '../../errors/GatewayError.js';
import { PLUGIN_RECORD_STORE } from '../../plugins/ports/PluginRecordStore.js';
import { formatTable } from './gateway/formatTable.js';
import { withApp, type CommonOptions } from './gateway/openApp.js';

type Options = CommonOptions & { instance?: string };

/** The REST plugin instance the keys belong to: `--instance`, or the one `use: rest` entry of the config. */
function keysOf(app: GatewayApp, opts: Options): ApiKeys {
  const rest = app.config.plugins.filter((p) => p.use === 'rest');
  const id = opts.instance ?? (rest.length === 1 ? rest[0].id : undefined);
  if (id === undefined || (opts.instance !== undefined && !app.config.plugins.some((p) => p.id === opts.instance))) {
    throw new GatewayError('GW_CLI_NO_REST_INSTANCE', 'config', rest.length > 1
      ? `The config has ${rest.length} rest plugin instances (${rest.map((p) => p.id).join(', ')}): name one with --instance`
      : opts.instance !== undefined ? `The config has no plugin instance ${opts.instance}` : 'The config has no rest plugin (plugins: [{ use: rest, id: api }])',
    { location: 'plugins' });
  }
  return new ApiKeys(app.container.get(PLUGIN_RECORD_STORE).scoped(id));
}

/** Registers `api-key create|list|revoke`: keys of the REST API, kept hashed in the gateway's store (plugins/rest/README.md). */
export function register(program: Command): void {
  const group = program.command('api-key').description('REST API keys: create (shown once), list, revoke');
  const common = (c: Command) => c
    .option('-c, --config <file>', 'config file (default: KSEF_GATEWAY_CONFIG, ./ksef-gateway.yaml, or embedded defaults)')
    .option('--instance <id>', 'the rest plugin instance (default: the only one in the config)');

  common(group.command('create')
    .description('create a key for some contexts (NIPs); the key is printed once and stored only as a hash')
    .requiredOption('--context <nip...>', 'the seller NIPs the key may act for')
    .option('--scope <scope>', 'read, or write (submit invoices and manage webhooks)', 'write')
    .option('--name <name>', 'a label for lists', 'api key'))
    .action((opts: Options & { context: string[]; scope: string; name: string }) => withApp({ ...opts, connect: false }, async (app) => {
      const contexts = opts.context.flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
      const bad = contexts.filter((c) => !/^\d{10}$/.test(c));
      if (bad.length > 0 || contexts.length === 0) throw new GatewayError('GW_CLI_BAD_CONTEXT', 'config', `--context takes 10-digit NIPs; not: ${bad.join(', ') || '(none)'}`);
      if (opts.scope !== 'read' && opts.scope !== 'write') throw new GatewayError('GW_CLI_BAD_SCOPE', 'config', '--scope is read or write');
      const { key, info } = await keysOf(app, opts).create({ name: opts.name, contexts, scope: opts.scope as ApiKeyScope });
      process.stderr.write(`API key ${info.id} (${info.scope}, contexts ${info.contexts.join(', ')}). It is shown only now; store it safely:\n`);
      process.stdout.write(`${key}\n`);
    }));

  common(group.command('list').description('list keys (never their values)').option('--json', 'print JSON'))
    .action((opts: Options & { json?: boolean }) => withApp({ ...opts, connect: false }, async (app) => {
      const keys = await keysOf(app, opts).list();
      if (opts.json) process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
      else process.stdout.write(`${formatTable(['id', 'name', 'scope', 'contexts', 'created', 'revoked'],
        keys.map((k) => [k.id, k.name, k.scope, k.contexts.join(','), k.createdAt, k.revokedAt ?? '']))}\n`);
    }));

  common(group.command('revoke').description('revoke a key at once').argument('<id>'))
    .action((id: string, opts: Options) => withApp({ ...opts, connect: false }, async (app) => {
      if (!(await keysOf(app, opts).revoke(id))) throw new GatewayError('GW_CLI_NO_API_KEY', 'data', `No API key ${id}`, { location: id });
      process.stdout.write(`API key ${id} revoked\n`);
    }));
}
