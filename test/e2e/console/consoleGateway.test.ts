import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { hashPassword } from '../../../core/console/passwords.js';
import { CONSOLE_STORE } from '../../../core/console/ports/ConsoleStore.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { ARTEFACTS, launchChromium } from '../../support/console/chromium.js';
import { ConsoleClient } from '../../support/console/consoleClient.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';

async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const quiet = () => new Writable({ write(_c, _e, cb) { cb(); } });
const PASSWORD = 'a-long-operator-password';

describe('the console of a running gateway, in Debian chromium', () => {
  it('shows the context paused after KSeF (the simulator) revoked its token, with the waiting invoice and the refused one, which an operator resubmits corrected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-gw-'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_ADMIN_PORT: '0', KSEF_GATEWAY_MASTER_KEY: '' };
    const inbox = join(dir, 'plugins', 'inbox', 'inbox');
    // The simulator with KSeF's production limits, so that the overview has a send limit to show the room of.
    const loaded = loadConfig({ cwd: dir, env });
    const withLimits = { ...loaded, config: { ...loaded.config, ksef: { ...loaded.config.ksef, simulator: { ...loaded.config.ksef.simulator, rateLimits: 'production' as const } } } };
    const first = await GatewayApp.create({ loaded: withLimits, env, logDestination: quiet() });
    let second: GatewayApp | undefined;
    const chromium = await launchChromium();
    try {
      await first.start();
      await first.container.get(CONSOLE_STORE).putUser({ username: 'anna', passwordHash: await hashPassword(PASSWORD), role: 'operator', now: Date.now() });
      writeFileSync(join(inbox, 'FV-1.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/${Date.now()}/1` }));
      await until(() => existsSync(join(dir, 'plugins', 'inbox', 'outcomes', 'FV-1.json')), 'the first outcome');
      // While the context sends, the overview shows the room left in KSeF's send limits (the simulator's production limits).
      const client = new ConsoleClient(first.adminUrl!);
      await client.signIn('anna', PASSWORD);
      const room = /data-context="\d+"[\s\S]*?<td class="num room">(\d+)<\/td>/.exec((await client.get('/console')).body);
      expect(Number(room?.[1])).toBeGreaterThan(0);
      // Check now: authenticates at KSeF with the stored token.
      await client.get('/console/credentials');
      const checked = await client.post(`/console/credentials/${DEMO_NIP}/token/check`, { _csrf: client.csrf });
      expect(checked.status).toBe(200);
      expect(checked.body).toContain('KSeF accepted the token');
      const token = await first.vault.info(DEMO_NIP, 'token');
      // KSeF revokes the token (as after `token revoke` elsewhere, or by the company's administrator).
      first.simulator!.revokeToken(token!.referenceNumber!);
      await first.stop();

      second = await GatewayApp.create({ loaded: withLimits, env, logDestination: quiet() });
      await second.start();
      writeFileSync(join(inbox, 'FV-2.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: `FV/${Date.now()}/2` }));
      const number3 = `FV/${Date.now()}/3`;
      writeFileSync(join(inbox, 'BAD-3.xml'), invoiceXml({ sellerNip: DEMO_NIP, number: number3 }).replace(/<P_15>[^<]*<\/P_15>/, '<P_15>abc</P_15>'));
      const app = second;
      await until(async () => (await app.store.pausedContexts()).has(DEMO_NIP), 'the context to pause');
      await until(async () => !!(await app.store.getByErpId('inbox', 'FV-2')) && !!(await app.store.getByErpId('inbox', 'BAD-3')), 'both files taken');

      const page = await chromium.browser.newPage();
      await page.goto(`${app.adminUrl}/console`);
      await page.fill('input[name=username]', 'anna');
      await page.fill('input[name=password]', PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      expect(page.url()).toBe(`${app.adminUrl}/console`);
      const row = `tr[data-context="${DEMO_NIP}"]`;
      expect(await page.textContent(`${row} td.status`)).toMatch(/PAUSED since .*KSeF refused the credential/);
      expect(await page.textContent(row)).toContain('FV-2');
      expect(await page.textContent(row)).toMatch(/token \(invalid/);
      await page.screenshot({ path: join(ARTEFACTS, 'gateway-1-paused.png'), fullPage: true });
      // Check now says why it fails, without the token.
      await page.click('nav >> text=Credentials');
      await Promise.all([page.waitForNavigation(), page.click(`tr[data-context="${DEMO_NIP}"] button:has-text("Check now")`)]);
      expect(await page.textContent('.notice.error')).toMatch(new RegExp(`${DEMO_NIP}/token: .+`));

      await page.click('nav >> text=Rejections and invalid');
      await page.click('table.failures a >> nth=0');
      await page.click('text=BAD-3');
      expect(await page.textContent('table.errors')).toContain('P_15');
      expect(await page.textContent('table.history')).toContain('invalid');
      await page.screenshot({ path: join(ARTEFACTS, 'gateway-2-invalid.png'), fullPage: true });

      // A corrected copy goes in through the gateway's intake under a new ERP id of the same plugin; the context is
      // paused, so it waits queued.
      await page.click('summary >> text=Resubmit a corrected copy');
      await page.fill('textarea[name=xml]', invoiceXml({ sellerNip: DEMO_NIP, number: number3 }));
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Resubmit a corrected copy")')]);
      expect(await page.textContent('table.facts')).toContain('BAD-3#2');
      expect((await app.store.getByErpId('inbox', 'BAD-3#2'))?.state).toBe('queued');
      expect((await app.store.getByErpId('inbox', 'BAD-3'))?.state).toBe('invalid');
      await page.screenshot({ path: join(ARTEFACTS, 'gateway-3-resubmitted.png'), fullPage: true });

      await page.goto(`${app.adminUrl}/console/documents?erpId=FV-1`);
      await page.click('table.documents >> text=FV-1');
      expect(await page.textContent('pre.upo')).toContain(DEMO_NIP);
      const history = await page.textContent('table.history');
      for (const state of ['queued', 'sending', 'accepted', 'delivered']) expect(history).toContain(state);
      await page.screenshot({ path: join(ARTEFACTS, 'gateway-4-accepted.png'), fullPage: true });
    } finally {
      await chromium.close();
      await second?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
