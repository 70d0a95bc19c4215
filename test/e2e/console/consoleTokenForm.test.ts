import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { hashPassword } from '../../../core/console/passwords.js';
import { CONSOLE_STORE } from '../../../core/console/ports/ConsoleStore.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { ARTEFACTS, launchChromium } from '../../support/console/chromium.js';
import { ConsoleClient } from '../../support/console/consoleClient.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';

async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every file under `dir`, raw bytes (the stores, their WAL files, the vault, the simulator's data). */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f))
    .filter((p) => statSync(p, { throwIfNoEntry: false })?.isFile()).map((path) => ({ path, bytes: readFileSync(path) }));
}

const PASSWORD = 'a-long-operator-password';
const VIEWER_PASSWORD = 'a-long-viewer-password';
/** The token's secret: after the last `|` (the reference number before it is shown on purpose). */
const secretOf = (token: string): string => token.slice(token.lastIndexOf('|') + 1);

describe('adding a KSeF token by pasting it once into the console (Debian chromium, the simulator)', () => {
  it('refuses a token KSeF refuses, stores a good one encrypted with its expiry, resumes the paused context, and shows the value nowhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-token-'));
    const env = { KSEF_GATEWAY_DATA_DIR: join(dir, 'data'), KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_ADMIN_PORT: '0', KSEF_GATEWAY_MASTER_KEY: '' };
    // The in-process simulator, one configured context, everything logged (debug) so that the log check sees all.
    writeFileSync(join(dir, 'ksef-gateway.yaml'), ['ksef: { simulator: { enabled: true, rateLimits: "off" } }',
      `contexts: [{ nip: "${DEMO_NIP}", name: "Firma Demo" }]`, 'log: { level: debug }', ''].join('\n'));
    const logs: string[] = [];
    const logSink = new Writable({ write(chunk, _e, cb) { logs.push(String(chunk)); cb(); } });
    const app = await GatewayApp.create({ loaded: loadConfig({ cwd: dir, env }), env, logDestination: logSink });
    const chromium = await launchChromium();
    // Everything the console sent the browser: pages, and where it redirected.
    const seen: string[] = [];
    try {
      await app.start();
      const consoleStore = app.container.get(CONSOLE_STORE);
      await consoleStore.putUser({ username: 'anna', passwordHash: await hashPassword(PASSWORD), role: 'operator', now: Date.now() });
      await consoleStore.putUser({ username: 'biuro', passwordHash: await hashPassword(VIEWER_PASSWORD), role: 'viewer', now: Date.now() });
      const oldToken = (await app.vault.secret(DEMO_NIP, 'token'))!.revealText();
      const url = app.adminUrl!;

      const page = await chromium.browser.newPage();
      page.on('response', async (r) => {
        const location = r.headers().location;
        if (location) seen.push(`Location: ${location}`);
        if ((r.headers()['content-type'] ?? '').startsWith('text/')) seen.push(await r.text().catch(() => ''));
      });
      await page.goto(`${url}/console`);
      await page.fill('input[name=username]', 'anna');
      await page.fill('input[name=password]', PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);

      // The operator revokes the token (at KSeF and in the vault): the context pauses.
      await page.click('nav >> text=Credentials');
      await page.check(`tr[data-context="${DEMO_NIP}"] input[name=confirm]`);
      await Promise.all([page.waitForNavigation(), page.click(`tr[data-context="${DEMO_NIP}"] button:has-text("Revoke")`)]);
      await until(async () => (await app.store.pausedContexts()).has(DEMO_NIP), 'the context to pause');

      // Pasting the revoked token: KSeF refuses it, nothing is stored, the form comes back empty.
      await page.click('text=Add a KSeF token');
      expect(await page.getAttribute('input[name=token]', 'type')).toBe('password');
      await page.selectOption('select[name=nip]', DEMO_NIP);
      await page.fill('input[name=token]', oldToken);
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Store the token")')]);
      expect(await page.textContent('.notice.error')).toMatch(new RegExp(`${DEMO_NIP}/token: KSeF refused the token for context ${DEMO_NIP}: .+; nothing stored`));
      expect(await page.inputValue('input[name=token]')).toBe('');
      expect((await app.vault.info(DEMO_NIP, 'token'))?.status).toBe('revoked');
      await page.screenshot({ path: join(ARTEFACTS, 'token-1-refused.png'), fullPage: true });

      // A token of another context is refused before KSeF is asked.
      const other = app.simulator!.createToken({ nip: '7762811692', permissions: ['InvoiceWrite'] }).token;
      await page.fill('input[name=token]', other);
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Store the token")')]);
      expect(await page.textContent('.notice.error')).toContain('The token belongs to context 7762811692, not 5265877635; nothing stored');

      // A new token with its expiry: verified at KSeF, stored, and the browser is sent on (a reload posts nothing).
      const fresh = app.simulator!.createToken({ nip: DEMO_NIP, permissions: ['InvoiceWrite', 'InvoiceRead'], description: 'pasted in the console' });
      const in20 = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
      await page.fill('input[name=token]', fresh.token);
      await page.fill('input[name=expires]', in20);
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Store the token")')]);
      expect(page.url()).toBe(`${url}/console/credentials`);
      expect(await page.textContent('.notice.ok')).toContain(`token stored for context ${DEMO_NIP} (reference ${fresh.referenceNumber}); verified: KSeF authenticated it`);
      const row = `table.credentials tr[data-context="${DEMO_NIP}"]`;
      expect(await page.textContent(`${row} td.expiry`)).toBe(`${in20} (20 days left)`);
      expect(await app.vault.info(DEMO_NIP, 'token')).toMatchObject({ status: 'active', referenceNumber: fresh.referenceNumber,
        expiresAt: `${in20}T23:59:59.999Z` });
      expect((await app.vault.secret(DEMO_NIP, 'token'))!.revealText()).toBe(fresh.token);
      await page.screenshot({ path: join(ARTEFACTS, 'token-2-stored.png'), fullPage: true });
      await page.reload();
      expect(await page.$('.notice')).toBeNull();

      // The scheduler finds the new token and resumes the context; the overview says so, with the days left.
      await until(async () => !(await app.store.pausedContexts()).has(DEMO_NIP), 'the context to resume');
      await page.click('nav >> text=Overview');
      expect(await page.textContent(`table.contexts tr[data-context="${DEMO_NIP}"] td.status`)).toContain('active');
      expect(await page.textContent(`table.contexts tr[data-context="${DEMO_NIP}"] td.expiry`)).toBe(`${in20} (20 days left)`);
      await page.screenshot({ path: join(ARTEFACTS, 'token-3-resumed.png'), fullPage: true });

      const audit = (await consoleStore.listAudit({ limit: 20 })).filter((a) => a.action === 'credential.add');
      expect(audit.map((a) => a.outcome)).toEqual(['ok', 'refused', 'refused']);

      // A viewer may neither open the form nor post one, and a form without the session's CSRF token changes nothing.
      const viewer = new ConsoleClient(url);
      await viewer.signIn('biuro', VIEWER_PASSWORD);
      expect((await viewer.get('/console/credentials/token/new')).status).toBe(403);
      const third = app.simulator!.createToken({ nip: DEMO_NIP, permissions: ['InvoiceWrite'] }).token;
      const byViewer = await viewer.post('/console/credentials/token', { _csrf: viewer.csrf, nip: DEMO_NIP, token: third });
      expect(byViewer.status).toBe(403);
      const operator = new ConsoleClient(url);
      await operator.signIn('anna', PASSWORD);
      const forged = await operator.post('/console/credentials/token', { _csrf: 'not-the-token', nip: DEMO_NIP, token: third });
      expect(forged.status).toBe(403);
      expect((await app.vault.info(DEMO_NIP, 'token'))?.referenceNumber).toBe(fresh.referenceNumber);
      seen.push(byViewer.body, forged.body);
      const auditText = JSON.stringify(await consoleStore.listAudit({ limit: 100 }));
      await app.stop();

      // The values: in no page, redirect, log line or audit entry, and in no file of the data directory in clear (the
      // simulator keeps only hashes; the vault only sealed values).
      const places: [string, string | Buffer][] = [['pages', seen.join('\n')], ['logs', logs.join('')], ['audit', auditText],
        ...filesUnder(dir).map((f): [string, Buffer] => [f.path, f.bytes])];
      expect(logs.length).toBeGreaterThan(20);
      for (const token of [oldToken, fresh.token, other, third]) {
        for (const [where, text] of places) {
          const found = typeof text === 'string' ? text.includes(secretOf(token)) : text.includes(Buffer.from(secretOf(token)));
          if (found) throw new Error(`a token's secret is in ${where}`);
        }
      }
      expect(seen.join('\n')).toContain(fresh.referenceNumber);
    } finally {
      await chromium.close();
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
