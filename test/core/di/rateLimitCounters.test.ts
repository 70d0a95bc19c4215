import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { TOKENS } from '../../../core/di/tokens.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';

const quiet = () => new Writable({ write(_c, _e, cb) { cb(); } });

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

async function until(check: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('rate-limit counters of a configured gateway', () => {
  it('live in the store, not in memory: what one life of the gateway spent on KSeF\'s public endpoints is still counted after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-rl-'));
    const port = await freePort();
    const file = join(dir, 'ksef-gateway.yaml');
    writeFileSync(file, [`ksef: { simulator: { enabled: true, port: ${port}, rateLimits: production } }`, 'scheduler: { batchMaxWaitMs: 200 }',
      'admin: { enabled: false }', 'plugins: [{ use: folder-inbox, id: inbox, pollIntervalMs: 100 }]', ''].join('\n'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_MASTER_KEY: '' };
    // Authentication (challenge, token, status polls, redeem) goes to public endpoints, counted per egress.
    const publicKey = `http://127.0.0.1:${port}/v2|egress:default|public`;
    const hour = [{ windowMs: 3_600_000, limit: 100_000 }];

    const first = await GatewayApp.create({ loaded: loadConfig({ file, env }), env, logDestination: quiet() });
    try {
      await first.start();
      const inbox = join(dir, 'plugins', 'inbox', 'inbox');
      mkdirSync(inbox, { recursive: true });
      writeFileSync(join(inbox, 'RL-1.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/RL/${Date.now()}` }));
      await until(() => existsSync(join(dir, 'plugins', 'inbox', 'outcomes', 'RL-1.json')), 'the outcome');
    } finally {
      await first.stop();
    }

    const second = await GatewayApp.create({ loaded: loadConfig({ file, env }), env, logDestination: quiet(), connect: false });
    try {
      const spent = 100_000 - (await second.container.get(TOKENS.RateLimitStore).room(publicKey, Date.now(), hour)).room;
      // How many of the authentication's requests land in this key varies with timing; in memory it would be none.
      expect(spent).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
