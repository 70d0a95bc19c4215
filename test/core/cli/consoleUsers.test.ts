import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteConsoleStore } from '../../../adapters/sqlite-store/SqliteConsoleStore.js';
import { exitCodeFor } from '../../../core/cli/exitCodes.js';
import { verifyPassword } from '../../../core/console/passwords.js';
import { runCli } from './fa3RunCli.js';

describe('ksef-gateway console user', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-console-user-'));
    writeFileSync(join(dir, 'gw.yaml'), 'admin: { enabled: false }\n');
    env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml'), CONSOLE_PW: 'correct horse battery staple' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a user with a scrypt hash of the password from the environment, and lists it without the password or hash', async () => {
    const added = await runCli(['console', 'user', 'add', 'anna', '--role', 'operator', '--password-env', 'CONSOLE_PW'], env);
    expect(added).toMatchObject({ exitCode: 0, stdout: 'console user anna added (operator)\n' });
    const store = new SqliteConsoleStore(join(dir, 'gateway.sqlite'));
    try {
      const user = (await store.getUser('anna'))!;
      expect(user.role).toBe('operator');
      expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(await verifyPassword('correct horse battery staple', user.passwordHash)).toBe(true);
      expect(await verifyPassword('correct horse battery stapler', user.passwordHash)).toBe(false);
      const listed = await runCli(['console', 'user', 'list'], env);
      expect(listed.stdout).toMatch(/^user\s+role/m);
      expect(listed.stdout).toMatch(/anna\s+operator/);
      expect(listed.stdout).not.toContain('scrypt');
      expect(listed.stdout).not.toContain('correct horse');
      expect((await store.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'user.add', target: 'anna', outcome: 'ok' });
    } finally {
      await store.close();
    }
  });

  it('refuses a short password, an unknown role and an odd user name with exit 2, adding nobody', async () => {
    const exitOf = (args: string[], e = env) => runCli(args, e).then((r) => r.exitCode, exitCodeFor);
    expect(await exitOf(['console', 'user', 'add', 'anna', '--password-env', 'SHORT'], { ...env, SHORT: 'short' })).toBe(2);
    expect(await exitOf(['console', 'user', 'add', 'anna', '--role', 'admin', '--password-env', 'CONSOLE_PW'])).toBe(2);
    expect(await exitOf(['console', 'user', 'add', 'an na', '--password-env', 'CONSOLE_PW'])).toBe(2);
    expect(await exitOf(['console', 'user', 'add', 'anna', '--password-env', 'UNSET_VARIABLE'])).toBe(2);
    expect((await runCli(['console', 'user', 'list'], env)).stdout).not.toContain('anna');
  });
});
