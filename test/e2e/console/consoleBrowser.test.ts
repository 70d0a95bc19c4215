import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTEFACTS, launchChromium } from '../../support/console/chromium.js';
import { NIP, PASSWORDS, startConsoleHarness, TOKEN_VALUE, type ConsoleHarness } from '../../support/console/consoleHarness.js';

describe('the console in a real browser (Debian chromium)', () => {
  let h: ConsoleHarness;
  let browser: BrowserContext;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  beforeAll(async () => { ({ browser, close: closeBrowser } = await launchChromium()); });
  afterAll(async () => { await closeBrowser?.(); });
  beforeEach(async () => {
    h = await startConsoleHarness();
    await browser.clearCookies();
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page?.close();
    await h.close();
  });

  const signIn = async (user: string, password: string) => {
    await page.goto(`${h.url}/console`);
    expect(page.url()).toBe(`${h.url}/console/login`);
    await page.fill('input[name=username]', user);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    if (page.url() !== `${h.url}/console`) throw new Error(`sign-in ended at ${page.url()}: ${(await page.content()).slice(0, 300)}`);
  };

  it('signs in, shows the context paused once its token is revoked, finds the rejected document and retries its delivery', async () => {
    await signIn('op', PASSWORDS.operator);
    await page.screenshot({ path: join(ARTEFACTS, '1-overview.png'), fullPage: true });
    expect(await page.textContent(`tr[data-context="${NIP}"] td.status`)).toContain('active');

    await page.click('nav >> text=Credentials');
    await page.check(`tr[data-context="${NIP}"] input[name=confirm]`);
    await page.click(`tr[data-context="${NIP}"] button:has-text("Revoke")`);
    await page.waitForSelector('.notice.ok');
    await page.click('nav >> text=Overview');
    expect(await page.textContent(`tr[data-context="${NIP}"] td.status`)).toMatch(/PAUSED since .*revoked in the console/);
    await page.screenshot({ path: join(ARTEFACTS, '2-paused.png'), fullPage: true });

    await h.submissions.deferDelivery('r1', Date.now() + 3_600_000, Date.now());
    await page.click('nav >> text=Rejections and invalid');
    await page.click('text=450');
    await page.click('text=ERP-r1');
    expect(await page.textContent('table.errors')).toContain('Invoice rejected: schema <b>not</b> met');
    await page.screenshot({ path: join(ARTEFACTS, '3-rejected.png'), fullPage: true });
    await page.click('button:has-text("Retry delivery")');
    expect(await page.textContent('.notice.ok')).toContain('Delivery scheduled again');
    expect((await h.submissions.get('r1'))!.nextDeliveryAt).toBeLessThanOrEqual(Date.now());
    await page.screenshot({ path: join(ARTEFACTS, '4-retried.png'), fullPage: true });

    await page.click('nav >> text=Audit log');
    const audit = await page.textContent('table.audit');
    expect(audit).toContain('document.retry');
    expect(audit).toContain('credential.revoke');
    expect(await page.content()).not.toContain(TOKEN_VALUE);
  });

  it('speaks Polish after the switch, and runs no script from anywhere', async () => {
    const scripts: string[] = [];
    page.on('request', (r) => { if (r.resourceType() === 'script' || !r.url().startsWith(h.url)) scripts.push(r.url()); });
    await signIn('view', PASSWORDS.viewer);
    await page.click('header >> text=PL');
    expect(await page.textContent('h1')).toBe('Przegląd');
    await page.screenshot({ path: join(ARTEFACTS, '5-polish.png'), fullPage: true });
    expect(scripts).toEqual([]);
  });
});
