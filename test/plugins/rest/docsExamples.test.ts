import { readFileSync } from 'node:fs';
import { NIP_A, startRest, type RestHarness } from './restHarness.js';

interface HttpText { readonly start: string; readonly headers: [string, string][]; readonly body: string }

function parseHttp(text: string): HttpText {
  const [head, ...rest] = text.replace(/\r/g, '').split('\n\n');
  const [start, ...headerLines] = head.split('\n');
  const headers = headerLines.filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as [string, string]);
  return { start: start.trim(), headers, body: rest.join('\n\n').trim() };
}

/** The examples of a doc: a request block and its response block after each `<!-- example -->`. */
function examples(file: string): { request: HttpText; response: HttpText }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/<!-- example -->\s*```http\n([\s\S]*?)```\s*```http\n([\s\S]*?)```/g)]
    .map((m) => ({ request: parseHttp(m[1]), response: parseHttp(m[2]) }));
}

/** The documented value is contained in the actual one; `"<...>"` stands for any value, array items for some item. */
function expectContains(actual: unknown, documented: unknown, path = ''): void {
  if (documented === '<...>') {
    expect(actual).toBeDefined();
    return;
  }
  if (Array.isArray(documented)) {
    expect(Array.isArray(actual)).toBe(true);
    for (const d of documented) {
      const hit = (actual as unknown[]).some((a) => { try { expectContains(a, d, path); return true; } catch { return false; } });
      if (!hit) throw new Error(`${path}: no item matches ${JSON.stringify(d)} in ${JSON.stringify(actual)}`);
    }
    return;
  }
  if (documented !== null && typeof documented === 'object') {
    for (const [k, v] of Object.entries(documented)) expectContains((actual as Record<string, unknown>)?.[k], v, `${path}/${k}`);
    return;
  }
  if (actual !== documented) throw new Error(`${path}: documented ${JSON.stringify(documented)}, got ${JSON.stringify(actual)}`);
}

describe.each(['docs/rest-api.md', 'plugins/rest/README.md'])('the examples of %s', (file) => {
  let h: RestHarness;
  let key: string;
  beforeAll(async () => {
    h = await startRest();
    key = await h.key([NIP_A]);
  });
  afterAll(async () => { await h.stop(); });

  const found = examples(file);
  it('has examples', () => { expect(found.length).toBeGreaterThan(0); });

  it.each(found.map((e, i) => [i + 1, e.request.start, e] as const))('example %i (%s) answers as documented', async (_i, _s, { request, response }) => {
    const [method, path] = request.start.split(' ');
    const res = await h.call(path, { method, key, headers: Object.fromEntries(request.headers), body: request.body || undefined });
    expect(`${res.status}`).toBe(response.start.split(' ')[1]);
    for (const [name, value] of response.headers) {
      if (value === '<...>') expect(res.headers.get(name)).not.toBeNull();
      else expect(res.headers.get(name)).toMatch(new RegExp(`^${value.replace(/[+.]/g, '\\$&')}`));
    }
    if (response.body) expectContains(await res.json(), JSON.parse(response.body));
  });
});
