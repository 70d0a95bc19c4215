import type { Command } from 'commander';
import { passwordProblem, hashPassword } from '../../console/passwords.js';
import { CONSOLE_STORE } from '../../console/ports/ConsoleStore.js';
import { GatewayError } from '../../errors/GatewayError.js';
import { hiddenPrompt, readAll } from '../ksef/readTokenValue.js';
import { formatTable } from './gateway/formatTable.js';
import { withApp, type CommonOptions } from './gateway/openApp.js';

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** Registers `console user add|list`: the operations console's local users, their passwords kept only as scrypt hashes. */
export function register(program: Command): void {
  const user = program.command('console').description('the operations console on the admin port (docs/console.md)')
    .command('user').description('console users: add (or change the password and role of) one, list them');
  const common = (c: Command) => c.option('-c, --config <file>', 'config file (default: KSEF_GATEWAY_CONFIG, ./ksef-gateway.yaml, or embedded defaults)');

  common(user.command('add')
    .description('add a user, or set the password and role of an existing one (ends its sessions); the password comes from stdin (piped or a hidden prompt) or --password-env, never from the command line')
    .argument('<username>')
    .option('--role <role>', 'viewer (reads) or operator (also retries, resubmits, checks and revokes credentials)', 'viewer')
    .option('--password-env <var>', 'read the password from this environment variable'))
    .action((username: string, opts: CommonOptions & { role: string; passwordEnv?: string }) => withApp({ ...opts, connect: false }, async (app) => {
      if (!USERNAME.test(username)) throw new GatewayError('GW_CONSOLE_BAD_USERNAME', 'config', 'a user name is 1-64 letters, digits, . _ @ or -', { location: 'username' });
      if (opts.role !== 'viewer' && opts.role !== 'operator') throw new GatewayError('GW_CONSOLE_BAD_ROLE', 'config', '--role is viewer or operator', { location: '--role' });
      const password = await readPassword(opts.passwordEnv);
      const problem = passwordProblem(password);
      if (problem) throw new GatewayError('GW_CONSOLE_WEAK_PASSWORD', 'config', problem, { location: 'password' });
      const store = app.container.get(CONSOLE_STORE);
      const existed = !!await store.getUser(username);
      await store.putUser({ username, passwordHash: await hashPassword(password), role: opts.role, now: Date.now() });
      await store.deleteSessionsOf(username);
      await store.audit({ at: Date.now(), username: `cli:${process.env.USER ?? 'unknown'}`, action: existed ? 'user.update' : 'user.add', target: username, outcome: 'ok', detail: opts.role });
      process.stdout.write(`console user ${username} ${existed ? 'updated' : 'added'} (${opts.role})\n`);
    }));

  common(user.command('list').description('list users, their roles and lock-outs (never a password or hash)'))
    .action((opts: CommonOptions) => withApp({ ...opts, connect: false }, async (app) => {
      const users = await app.container.get(CONSOLE_STORE).listUsers();
      const time = (ms?: number) => (ms ? new Date(ms).toISOString() : '');
      process.stdout.write(`${formatTable(['user', 'role', 'last sign-in', 'locked until', 'failed attempts'],
        users.map((u) => [u.username, u.role, time(u.lastLoginAt), u.lockedUntil > Date.now() ? time(u.lockedUntil) : '', String(u.failedAttempts)]))}\n`);
    }));
}

/** From `--password-env VAR`, else piped stdin (one line), else a hidden prompt on a TTY. */
async function readPassword(fromEnv: string | undefined): Promise<string> {
  if (fromEnv !== undefined) {
    const value = process.env[fromEnv];
    if (value === undefined) throw new GatewayError('GW_CONSOLE_PASSWORD_ENV', 'config', `Environment variable ${fromEnv} is not set`, { location: '--password-env' });
    return value;
  }
  if (process.stdin.isTTY) return hiddenPrompt(process.stdin, process.stderr, 'Console password');
  return (await readAll(process.stdin)).replace(/\r?\n$/, '');
}
