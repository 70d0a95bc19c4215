import fc from 'fast-check';
import { ConsoleClient } from '../../support/console/consoleClient.js';
import { NIP, PASSWORDS, startConsoleHarness, TOKEN_VALUE, type ConsoleHarness } from '../../support/console/consoleHarness.js';

describe('operations console over HTTP', () => {
  let h: ConsoleHarness;
  beforeEach(async () => { h = await startConsoleHarness(); });
  afterEach(async () => { await h.close(); });

  it('sends a visitor without a session to the sign-in page and shows nothing else', async () => {
    const c = new ConsoleClient(h.url);
    for (const path of ['/console', '/console/documents', '/console/documents/r1', '/console/audit']) {
      const r = await c.get(path);
      expect([r.status, r.location]).toEqual([303, '/console/login']);
    }
    expect((await c.post('/console/documents/r1/retry', { _csrf: 'x' })).status).toBe(401);
  });

  it('signs an operator in and shows the overview with its context, counts and oldest waiting document', async () => {
    const c = new ConsoleClient(h.url);
    expect(await c.signIn('op', PASSWORDS.operator)).toBe('/console');
    const page = await c.get('/console');
    expect(page.status).toBe(200);
    expect(page.body).toContain(NIP);
    expect(page.body).toContain('Przykładowa Firma sp. z o.o.');
    expect(page.body).toContain('ERP-q1');
    expect(page.body).toMatch(new RegExp(`context=${NIP}&amp;state=invalid">3<`));
  });

  it('finds documents by ERP id and state, and escapes what documents carry', async () => {
    const c = new ConsoleClient(h.url);
    await c.signIn('view', PASSWORDS.viewer);
    const byErp = await c.get('/console/documents?erpId=ERP-r1');
    expect(byErp.body).toContain('/console/documents/r1');
    expect(byErp.body).not.toContain('/console/documents/q1');
    const invalid = await c.get('/console/documents?state=invalid');
    expect(invalid.body.match(/\/console\/documents\/bad\d/g)).toHaveLength(3);
    const doc = await c.get('/console/documents/r1');
    expect(doc.body).toContain('schema &lt;b&gt;not&lt;/b&gt; met');
    expect(doc.body).not.toContain('<b>not</b>');
    const failures = await c.get('/console/failures');
    expect(failures.body).toMatch(/FA3_P15_MISMATCH<\/a><\/td><td class="num">3</);
  });

  it('lets an operator retry the delivery of a rejection and writes it to the audit log', async () => {
    const c = new ConsoleClient(h.url);
    await c.signIn('op', PASSWORDS.operator);
    await h.submissions.deferDelivery('r1', Date.now() + 3_600_000, Date.now());
    await c.get('/console/documents/r1');
    const r = await c.post('/console/documents/r1/retry', { _csrf: c.csrf });
    expect(r.status).toBe(200);
    expect((await h.submissions.get('r1'))!.nextDeliveryAt).toBeLessThanOrEqual(Date.now());
    const audit = await h.consoleStore.listAudit({ limit: 5 });
    expect(audit[0]).toMatchObject({ username: 'op', action: 'document.retry', outcome: 'ok' });
  });

  it('refuses an action without the session CSRF token, or from another origin, and changes nothing', async () => {
    const c = new ConsoleClient(h.url);
    await c.signIn('op', PASSWORDS.operator);
    const later = Date.now() + 3_600_000;
    await h.submissions.deferDelivery('r1', later, Date.now());
    expect((await c.post('/console/documents/r1/retry', {})).status).toBe(403);
    expect((await c.post('/console/documents/r1/retry', { _csrf: 'forged' })).status).toBe(403);
    expect((await c.post('/console/documents/r1/retry', { _csrf: c.csrf }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await h.submissions.get('r1'))!.nextDeliveryAt).toBe(later);
    expect((await h.consoleStore.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'csrf-refused', outcome: 'refused' });
  });

  it('refuses a sign-in form that did not come from the console', async () => {
    const c = new ConsoleClient(h.url);
    const r = await c.post('/console/login', { username: 'op', password: PASSWORDS.operator, _csrf: 'guess' });
    expect(r.status).toBe(403);
    expect(r.location).toBeUndefined();
  });

  it('does not let a viewer act: retry and revoke are refused and audited', async () => {
    const c = new ConsoleClient(h.url);
    await c.signIn('view', PASSWORDS.viewer);
    const later = Date.now() + 3_600_000;
    await h.submissions.deferDelivery('r1', later, Date.now());
    const doc = await c.get('/console/documents/r1');
    expect(doc.body).not.toContain('/retry');
    expect((await c.post('/console/documents/r1/retry', { _csrf: c.csrf })).status).toBe(403);
    expect((await c.post(`/console/credentials/${NIP}/token/revoke`, { _csrf: c.csrf, confirm: 'yes' })).status).toBe(403);
    expect((await h.submissions.get('r1'))!.nextDeliveryAt).toBe(later);
    expect((await h.vault.info(NIP, 'token'))!.status).toBe('active');
    const audit = await h.consoleStore.listAudit({ limit: 2 });
    expect(audit.map((e) => [e.username, e.action, e.outcome])).toEqual([['view', 'credential.revoke', 'refused'], ['view', 'document.retry', 'refused']]);
  });

  it('locks an account after repeated wrong passwords, even against the right one, and audits each attempt', async () => {
    const c = new ConsoleClient(h.url);
    for (let i = 0; i < 3; i += 1) expect(await c.signIn('op', 'wrong-password-123')).toBe('/console/login?failed=1');
    expect(await c.signIn('op', PASSWORDS.operator)).toBe('/console/login?failed=1');
    expect((await h.consoleStore.getUser('op'))!.lockedUntil).toBeGreaterThan(Date.now() + 14 * 60_000);
    const audit = await h.consoleStore.listAudit({ limit: 10 });
    expect(audit.filter((e) => e.action === 'sign-in' && e.outcome === 'refused').map((e) => e.detail)).toEqual(['locked', 'locked', 'wrong-password', 'wrong-password']);
    // Another user is not affected.
    expect(await new ConsoleClient(h.url).signIn('view', PASSWORDS.viewer)).toBe('/console');
  });

  it('revokes a credential for an operator, pauses its context and shows it paused', async () => {
    const c = new ConsoleClient(h.url);
    await c.signIn('op', PASSWORDS.operator);
    await c.get('/console/credentials');
    expect((await c.post(`/console/credentials/${NIP}/token/revoke`, { _csrf: c.csrf })).status).toBe(400);
    expect((await c.post(`/console/credentials/${NIP}/token/revoke`, { _csrf: c.csrf, confirm: 'yes' })).status).toBe(200);
    expect((await h.vault.info(NIP, 'token'))!.status).toBe('revoked');
    expect((await c.get('/console')).body).toMatch(/PAUSED<\/span> since .*revoked in the console/);
  });

  it('never puts the token value on any page', async () => {
    const c = new ConsoleClient(h.url);
    await c.signIn('op', PASSWORDS.operator);
    const secretParts = [TOKEN_VALUE, ...TOKEN_VALUE.split('|').filter((p) => p.length >= 16)];
    for (const path of ['/console', '/console/credentials', '/console/documents', '/console/documents/r1', '/console/documents/q1',
      '/console/failures', '/console/failures/450', '/console/audit', '/console/login']) {
      const { body } = await c.get(path);
      for (const part of secretParts) expect(body).not.toContain(part);
    }
  });

  it('answers any input with a page or a 4xx, never a 500 (fuzzed query strings, paths and forms)', async () => {
    const c = new ConsoleClient(h.url);
    await c.signIn('op', PASSWORDS.operator);
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '%', '%00', '../', "'", '1'.repeat(300), '2026-13-45', '1_', '99999999999999999_x'));
    const keys = fc.constantFrom('erpId', 'invoiceNumber', 'ksefNumber', 'context', 'state', 'from', 'to', 'after', 'before', 'back', '_csrf', 'xml', 'confirm');
    const params = fc.dictionary(keys, text, { maxKeys: 5 });
    const paths = fc.constantFrom('/console/documents', '/console/documents/r1', '/console/failures/', '/console/audit', '/console/lang/', '/console/credentials');
    await fc.assert(fc.asyncProperty(paths, text, params, fc.boolean(), async (path, tail, p, post) => {
      const target = `${path}${path.endsWith('/') ? encodeURIComponent(tail) : ''}?${new URLSearchParams(p).toString()}`;
      const r = post ? await c.post(`${path === '/console/documents/r1' ? '/console/documents/r1/resubmit' : path}`, { ...p, _csrf: c.csrf })
        : await c.get(target);
      expect(r.status).toBeLessThan(500);
    }), { numRuns: 150, seed: 23 });
  });
});
