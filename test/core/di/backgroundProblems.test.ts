import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { printStatus } from '../../../core/cli/commands/gateway/statusCommand.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';

async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('background work that fails', () => {
  it('an inbox that can no longer be read is logged, counted, shown by status and /healthz, and cleared once it reads again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-problems-'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_ADMIN_PORT: '0', KSEF_GATEWAY_MASTER_KEY: '', KSEF_GATEWAY_CONFIG: '' };
    const logs: string[] = [];
    const app = await GatewayApp.create({ loaded: loadConfig({ embedded: true, env }), env, logDestination: new Writable({ write(c, _e, cb) { logs.push(String(c)); cb(); } }) });
    try {
      await app.start();
      const inbox = join(dir, 'plugins', 'inbox', 'inbox');
      rmSync(inbox, { recursive: true, force: true });
      await until(async () => (await app.store.problems()).some((p) => p.area === 'plugin:inbox'), 'the failing poll to be recorded');

      const { problems } = await app.queries.status();
      expect(problems.find((p) => p.area === 'plugin:inbox')).toMatchObject({ count: expect.any(Number), message: expect.stringContaining('ENOENT') });
      const printed = new PassThrough();
      let text = '';
      printed.on('data', (c) => { text += String(c); });
      printStatus(await app.queries.status(), printed);
      expect(text).toMatch(/Background work failing[\s\S]*plugin:inbox\s+\d+\s+\S+\s+\S+\s+.*ENOENT/);
      const health = await (await fetch(`${app.adminUrl}/healthz`)).json() as { status: string; checks: Record<string, { status: string; detail?: string }> };
      expect(health.status).not.toBe('up'); // the folder plugin's own check says down too
      expect(health.checks['background:plugin:inbox']).toMatchObject({ status: 'degraded', detail: expect.stringContaining('ENOENT') });
      const metrics = await (await fetch(`${app.adminUrl}/metrics`)).text();
      expect(metrics).toMatch(/ksef_gateway_background_errors_total\{area="plugin:inbox"\} [1-9]/);
      expect(logs.join('')).toMatch(/"level":50.*"area":"plugin:inbox".*"msg":"background work failed"/);

      mkdirSync(inbox, { recursive: true });
      await until(async () => (await app.store.problems()).length === 0, 'the problem to clear once the inbox reads again');
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
