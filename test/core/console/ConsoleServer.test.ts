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
    expect(page.body).toContain('<small class="permissions">InvoiceWrite</small>');
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

  it('takes a pasted token for a configured context only, refuses a bad one with the reason and never echoes it', async () => {
    const c = new ConsoleClient(h.url);
    await c.signIn('op', PASSWORDS.operator);
    const form = await c.get('/console/credentials/token/new');
    expect(form.body).toMatch(/<input name="token" type="password"[^>]*autocomplete="new-password"/);
    const pasted = `20261203-EC-${'0A1B2C3D4E'.repeat(3)}|nip-${NIP}|${'f'.repeat(64)}`;
    const post = (form: Record<string, string>) => c.post('/console/credentials/token', { _csrf: c.csrf, ...form });
    const cases: [Record<string, string>, number, string][] = [
      [{ nip: '1111111111', token: pasted }, 400, 'context 1111111111 is not configured here'],
      [{ nip: NIP, token: '   ' }, 400, 'No token given (the form is empty)'],
      [{ nip: NIP, token: `${pasted} ${pasted}` }, 400, 'contains whitespace'],
      [{ nip: NIP, token: pasted, expires: '2026-02-30' }, 400, 'valid until: &quot;2026-02-30&quot; is not a date'],
      [{ nip: NIP, token: pasted, expires: '2020-01-01' }, 400, 'is already past'],
      [{ nip: NIP, token: `20261203-EC-X|nip-7762811692|${'e'.repeat(64)}` }, 400, 'The token belongs to context 7762811692, not 5265877635; nothing stored'],
    ];
    for (const [fields, status, reason] of cases) {
      const r = await post(fields);
      expect([r.status, r.body.includes(reason)]).toEqual([status, true]);
      expect(r.body).not.toContain('f'.repeat(64));
      expect(r.body).not.toContain('e'.repeat(64));
      expect(r.body).toMatch(/<input name="token" type="password" required/);
    }
    expect((await h.vault.info(NIP, 'token'))!.referenceNumber).toBe('20260101-EC-REF');
    // No KSeF to ask in this harness: stored unverified, as token add does, with its expiry; the browser goes on by redirect.
    const in40 = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const ok = await post({ nip: NIP, token: pasted, expires: in40 });
    expect([ok.status, ok.location]).toEqual([303, '/console/credentials']);
    expect((await h.vault.secret(NIP, 'token'))!.revealText()).toBe(pasted);
    expect(await h.vault.info(NIP, 'token')).toMatchObject({ referenceNumber: `20261203-EC-${'0A1B2C3D4E'.repeat(3)}`, expiresAt: `${in40}T23:59:59.999Z` });
    const after = await c.get('/console/credentials');
    expect(after.body).toMatch(/class="notice error"[^>]*>token stored for context 5265877635 \(reference 20261203-EC-[^)]+\); valid until [^;]+; not verified/);
    expect(after.body).toContain(`${in40} <span class="">(40 days left)</span>`);
    expect((await c.get('/console/credentials')).body).not.toContain('class="notice');
    const audit = (await h.consoleStore.listAudit({ limit: 20 })).filter((a) => a.action === 'credential.add');
    expect(audit.map((a) => a.outcome)).toEqual(['ok', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused']);
    expect(JSON.stringify(audit)).not.toContain('f'.repeat(64));
  });

  it('shows the purchase sync of each context: last run, high-water mark, and behind when it failed or is too old', async () => {
    const c = new ConsoleClient(h.url);
    await c.signIn('view', PASSWORDS.viewer);
    expect((await c.get('/console/credentials/token/new')).status).toBe(403);
    const now = Date.now();
    await h.purchases.advanceCursor(NIP, 'Subject2', { continueFrom: '2026-12-01T00:00:00Z', hwm: '2026-12-03T10:00:00.000Z', received: 7, now: now - 5 * 60_000 });
    await h.purchases.advanceCursor('7762811692', 'Subject2', { continueFrom: '2026-12-01T00:00:00Z', hwm: '2026-12-02T08:00:00.000Z', received: 2, now: now - 3 * 3600_000 });
    await h.purchases.advanceCursor('9999999999', 'Subject2', { continueFrom: '2026-12-01T00:00:00Z', hwm: null, received: 0, now: now - 60_000 });
    await h.purchases.recordSyncError('9999999999', 'Subject2', 'KSeF 21405: export refused', now);
    const body = (await c.get('/console')).body;
    const row = (nip: string) => new RegExp(`<tr data-context="${nip}" data-subject="Subject2">([\\s\\S]*?)</tr>`).exec(body)?.[1] ?? '';
    expect(row(NIP)).toContain('2026-12-03T10:00:00.000Z');
    expect(row(NIP)).toMatch(/<td class="num">7<\/td><td class="status"><span class="ok">up to date/);
    expect(row('7762811692')).toMatch(/<span class="paused">BEHIND<\/span><\/td>/);
    expect(row('9999999999')).toContain('BEHIND</span>: KSeF 21405: export refused');
  });

  it('answers any input with a page or a 4xx, never a 500 (fuzzed query strings, paths and forms)', async () => {
    const c = new ConsoleClient(h.url);
    await c.signIn('op', PASSWORDS.operator);
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '%', '%00', '../', "'", '1'.repeat(300), '2026-13-45', '1_', '99999999999999999_x'));
    const keys = fc.constantFrom('erpId', 'invoiceNumber', 'ksefNumber', 'context', 'state', 'from', 'to', 'after', 'before', 'back', '_csrf', 'xml', 'confirm',
      'nip', 'token', 'expires');
    const params = fc.dictionary(keys, text, { maxKeys: 5 });
    const paths = fc.constantFrom('/console/documents', '/console/documents/r1', '/console/failures/', '/console/audit', '/console/lang/', '/console/credentials',
      '/console/credentials/token', '/console/credentials/token/new');
    await fc.assert(fc.asyncProperty(paths, text, params, fc.boolean(), async (path, tail, p, post) => {
      const target = `${path}${path.endsWith('/') ? encodeURIComponent(tail) : ''}?${new URLSearchParams(p).toString()}`;
      const r = post ? await c.post(`${path === '/console/documents/r1' ? '/console/documents/r1/resubmit' : path}`, { ...p, _csrf: c.csrf })
        : await c.get(target);
      expect(r.status).toBeLessThan(500);
    }), { numRuns: 150, seed: 23 });
  });
});
