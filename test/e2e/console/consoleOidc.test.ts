import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { OidcSignIn } from '../../../core/console/OidcSignIn.js';
import { ARTEFACTS, launchChromium } from '../../support/console/chromium.js';
import { ConsoleClient } from '../../support/console/consoleClient.js';
import { startConsoleHarness, type ConsoleHarness } from '../../support/console/consoleHarness.js';
import { startTestOidcProvider } from '../../support/console/testOidcProvider.js';

const CLIENT = { id: 'ksef-gateway-console', secret: 'client-secret-of-the-console' };

describe('console sign-in through an OpenID provider (a test provider on loopback, Debian chromium)', () => {
  let idp: Awaited<ReturnType<typeof startTestOidcProvider>>;
  let h: ConsoleHarness;
  let browser: BrowserContext;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    ({ browser, close: closeBrowser } = await launchChromium());
    idp = await startTestOidcProvider(CLIENT);
    let consoleUrl = '';
    const signIn = new OidcSignIn({
      issuer: idp.issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret, label: 'Test Directory',
      get redirectUrl() { return `${consoleUrl}/console/login/oidc/callback`; },
      scopes: ['openid', 'profile', 'email'], usernameClaims: ['preferred_username', 'email'], roleClaim: 'groups',
      operatorGroups: ['ksef-operators'], viewerGroups: ['accounting'],
    });
    h = await startConsoleHarness({}, {}, { oidc: signIn });
    consoleUrl = h.url;
  });
  afterAll(async () => {
    await h?.close();
    await idp?.close();
    await closeBrowser?.();
  });
  beforeEach(async () => { await browser.clearCookies(); });

  it('signs an operator in through the provider, with the role its groups give, and audits it', async () => {
    idp.state.user = { sub: 'u-1', preferred_username: 'jan.kowalski', groups: ['staff', 'ksef-operators'] };
    const page = await browser.newPage();
    await page.goto(`${h.url}/console`);
    await Promise.all([page.waitForURL(`${h.url}/console`), page.click('text=Sign in with Test Directory')]);
    expect(await page.textContent('h1')).toBe('Overview');
    expect(await page.textContent('.who')).toBe('oidc:jan.kowalski (operator)');
    await page.screenshot({ path: join(ARTEFACTS, 'oidc-1-signed-in.png'), fullPage: true });
    // An operator's page: the token form opens.
    await page.goto(`${h.url}/console/credentials/token/new`);
    expect(await page.textContent('h1')).toBe('Add a KSeF token');
    await page.close();
    expect((await h.consoleStore.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'sign-in', username: 'oidc:jan.kowalski', outcome: 'ok', detail: 'oidc (operator)' });
  });

  it('gives a member of a viewer group the viewer role, and refuses a user in no group', async () => {
    idp.state.user = { sub: 'u-2', email: 'biuro@example.com', groups: ['accounting'] };
    const page = await browser.newPage();
    await page.goto(`${h.url}/console/login`);
    await Promise.all([page.waitForURL(`${h.url}/console`), page.click('text=Sign in with Test Directory')]);
    expect(await page.textContent('.who')).toBe('oidc:biuro@example.com (viewer)');
    await browser.clearCookies();
    idp.state.user = { sub: 'u-3', preferred_username: 'intruz', groups: ['staff'] };
    await page.goto(`${h.url}/console/login`);
    await Promise.all([page.waitForURL(/\/console\/login\/oidc\/callback/), page.click('text=Sign in with Test Directory')]);
    expect(await page.textContent('main')).toContain('Sign-in refused');
    await page.goto(`${h.url}/console`);
    expect(page.url()).toBe(`${h.url}/console/login`);
    await page.close();
    expect((await h.consoleStore.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'sign-in', username: 'oidc:intruz', outcome: 'refused',
      detail: 'oidc: not in a group that may use the console (groups)' });
  });

  it('refuses a callback whose state this browser did not start, an ID token with another nonce, and a password for a directory user', async () => {
    idp.state.user = { sub: 'u-1', preferred_username: 'jan.kowalski', groups: ['ksef-operators'] };
    const c = new ConsoleClient(h.url);
    const forged = await c.get('/console/login/oidc/callback?code=abc&state=guessed');
    expect(forged.status).toBe(403);
    expect((await h.consoleStore.listAudit({ limit: 1 }))[0]!.detail).toBe('oidc: the sign-in expired or did not start in this browser (state)');

    idp.state.wrongNonce = true;
    try {
      const page = await browser.newPage();
      await page.goto(`${h.url}/console/login`);
      await Promise.all([page.waitForURL(/\/console\/login\/oidc\/callback/), page.click('text=Sign in with Test Directory')]);
      expect(await page.textContent('main')).toContain('Sign-in refused');
      await page.close();
      expect((await h.consoleStore.listAudit({ limit: 1 }))[0]!.detail).toMatch(/^oidc: the identity provider's answer was refused: .*nonce/);
    } finally {
      idp.state.wrongNonce = false;
    }
    // The directory's users have no password here.
    expect(await new ConsoleClient(h.url).signIn('oidc:jan.kowalski', 'oidc')).toBe('/console/login?failed=1');
  });
});
