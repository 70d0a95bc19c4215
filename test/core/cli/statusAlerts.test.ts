import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventOutbox } from '../../../adapters/sqlite-store/SqliteEventOutbox.js';
import { runCli } from '../../support/runCli.js';

describe('ksef-gateway status: telling people', () => {
  it('shows a notifier that has not taken its events, how many wait and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-status-alerts-'));
    try {
      writeFileSync(join(dir, 'gw.yaml'), 'contexts: [{ nip: "5265877635" }]\n');
      const outbox = new SqliteEventOutbox(join(dir, 'gateway.sqlite'));
      await outbox.register(['notifier:pager'], 1);
      for (const n of [1, 2]) {
        await outbox.append({ type: 'ksef-unreachable', at: '2026-12-03T10:00:00Z', contextNip: '5265877635', message: `#${n}` }, { now: Date.now() });
      }
      await outbox.claim(['notifier:pager'], Date.now(), { owner: 'gw', leaseMs: 1000 }, 10);
      await outbox.defer('notifier:pager', Date.now() + 60_000, 'pager unreachable', 'gw');
      await outbox.close();

      const r = await runCli(['status'], { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml') });
      expect(r.code).toBe(0);
      expect(r.out).toContain('Events not yet taken');
      expect(r.out).toMatch(/notifier:pager\s+2\s+\S+\s+1\s+\S+\s+pager unreachable/);
      const json = JSON.parse((await runCli(['status', '--json'], { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml') })).out);
      expect(json.alerts.behind).toEqual([expect.objectContaining({ consumer: 'notifier:pager', waiting: 2, attempts: 1, lastError: 'pager unreachable' })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
