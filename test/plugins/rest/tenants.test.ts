import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { NIP_A, NIP_B, startRest, type RestHarness } from './restHarness.js';

const uniq = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const invoice = (nip: string) => readFa3(invoiceXml({ sellerNip: nip, number: `FV/T/${uniq()}` }));

describe('REST API: tenants, scopes and listing', () => {
  let h: RestHarness;
  let keyA: string;
  let keyB: string;
  let keyAB: string;
  beforeAll(async () => {
    h = await startRest();
    [keyA, keyB, keyAB] = [await h.key([NIP_A]), await h.key([NIP_B]), await h.key([NIP_A, NIP_B])];
  });
  afterAll(async () => { await h.stop(); });

  const submit = async (key: string, nip: string, erpId: string) => {
    const res = await h.call('/v1/invoices', { method: 'POST', key, json: { erpId, invoice: invoice(nip) } });
    expect([200, 202]).toContain(res.status);
    return (await res.json() as { id: string }).id;
  };

  it("answers 404 for another tenant's document, exactly as for a missing one", async () => {
    const id = await submit(keyA, NIP_A, `ISO-${uniq()}`);
    for (const path of [`/v1/invoices/${id}`, `/v1/invoices/${id}/upo`, `/v1/invoices/${id}/xml`]) {
      const theirs = await h.call(path, { key: keyB });
      const missing = await h.call(path.replace(id, '00000000-0000-4000-8000-000000000000'), { key: keyB });
      expect([theirs.status, missing.status]).toEqual([404, 404]);
      const [a, b] = [await theirs.json(), await missing.json()] as { code: string }[];
      expect(a.code).toBe(b.code);
    }
    expect((await h.call(`/v1/invoices/${id}/retry-delivery`, { method: 'POST', key: keyB })).status).toBe(404);
    expect((await h.call(`/v1/invoices/${id}`, { key: keyAB })).status).toBe(200);
  });

  it('keeps the same ERP id of two contexts apart', async () => {
    const erpId = `SAME-${uniq()}`;
    const a = await submit(keyA, NIP_A, erpId);
    const b = await submit(keyB, NIP_B, erpId);
    expect(a).not.toBe(b);
    const listed = await (await h.call(`/v1/invoices?erpId=${erpId}`, { key: keyAB })).json() as { items: { id: string; context: string }[] };
    expect(listed.items.map((i) => i.context).sort()).toEqual([NIP_A, NIP_B].sort());
    const onlyA = await (await h.call(`/v1/invoices?erpId=${erpId}`, { key: keyA })).json() as { items: { id: string }[] };
    expect(onlyA.items.map((i) => i.id)).toEqual([a]);
  });

  it('refuses an invoice of a seller the key does not cover (403) and a read key writing (403)', async () => {
    const res = await h.call('/v1/invoices', { method: 'POST', key: keyA, json: { erpId: `X-${uniq()}`, invoice: invoice(NIP_B) } });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('GW_REST_CONTEXT_FORBIDDEN');
    const reader = await h.key([NIP_A], 'read');
    const write = await h.call('/v1/invoices', { method: 'POST', key: reader, json: { erpId: `R-${uniq()}`, invoice: invoice(NIP_A) } });
    expect(write.status).toBe(403);
    expect((await write.json()).code).toBe('GW_REST_FORBIDDEN');
    expect((await h.call('/v1/invoices', { key: reader })).status).toBe(200);
    expect((await h.call(`/v1/invoices?context=${NIP_B}`, { key: reader })).status).toBe(403);
  });

  it('lists newest first, filtered by state and context, page by page with a cursor', async () => {
    const key = await h.key([NIP_B]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await submit(key, NIP_B, `P-${i}-${uniq()}`));
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page = await (await h.call(`/v1/invoices?limit=2&context=${NIP_B}${next ? `&cursor=${next}` : ''}`, { key })).json() as { items: { id: string }[]; next?: string };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      next = page.next;
    } while (next);
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    const invalid = await (await h.call('/v1/invoices?state=invalid', { key })).json() as { items: unknown[] };
    expect(invalid.items).toEqual([]);
    const bad = await h.call('/v1/invoices?cursor=bm9wZQ', { key });
    expect(bad.status).toBe(400);
    const wrong = await h.call('/v1/invoices?state=nonsense&limit=0', { key });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual(['/query/limit', '/query/state/0']);
  });

  it("shows the key's contexts' credential health and never a secret", async () => {
    const res = await h.call('/v1/contexts', { key: keyAB });
    const text = await res.text();
    const body = JSON.parse(text) as { items: { context: string; known: boolean; credentials: { method: string; status: string; permissions: string[] }[] }[] };
    expect(body.items.map((c) => c.context)).toEqual([NIP_A, NIP_B].sort());
    const a = body.items.find((c) => c.context === NIP_A)!;
    expect(a).toMatchObject({ known: true, paused: false, credentials: [{ method: 'token', status: 'active' }] });
    expect(a.credentials[0].permissions).toEqual(expect.arrayContaining(['InvoiceWrite']));
    for (const c of await h.app.vault.list()) {
      const secret = (await h.app.vault.secret(c.contextNip, c.kind))!.reveal().toString('utf8');
      expect(text).not.toContain(secret);
    }
    const onlyB = await (await h.call('/v1/contexts', { key: keyB })).json() as { items: { context: string }[] };
    expect(onlyB.items.map((c) => c.context)).toEqual([NIP_B]);
  });

  it('logs a request id, key id and document id per request, and never the key nor the body', async () => {
    const erpId = `LOG-${uniq()}`;
    const res = await h.call('/v1/invoices', { method: 'POST', key: keyA, headers: { 'x-request-id': 'req-abc-1' }, json: { erpId, invoice: invoice(NIP_A) } });
    expect(res.headers.get('x-request-id')).toBe('req-abc-1');
    const id = (await res.json() as { id: string }).id;
    const line = h.logs().split('\n').find((l) => l.includes('"reqId":"req-abc-1"'));
    expect(JSON.parse(line!)).toMatchObject({ msg: 'request', status: 202, keyId: keyA.split('_')[1], docId: id, route: '/v1/invoices' });
    expect(h.logs()).not.toContain(keyA);
    // The secret is base64url and may itself hold '_': everything after the id is the secret.
    expect(h.logs()).not.toContain(keyA.split('_').slice(2).join('_'));
    expect(h.logs()).not.toContain(erpId);
  });
});

describe('REST API: the seller decides the context', () => {
  it('stores an XML invoice as invalid when the NIP the pattern found is not the seller the gateway reads', async () => {
    const h = await startRest();
    try {
      const key = await h.key([NIP_A, NIP_B]);
      // A comment ahead of Podmiot1 with another NIP: the plugin's quick look picks it, the gateway's reader does not.
      const xml = invoiceXml({ sellerNip: NIP_B, number: `FV/CM/${uniq()}` }).replace('<Podmiot1>', `<Podmiot1><!-- <NIP>${NIP_A}</NIP> -->`);
      const res = await h.call(`/v1/invoices?erpId=CM-${uniq()}`, { method: 'POST', key, headers: { 'content-type': 'application/xml' }, body: xml });
      expect(res.status).toBe(422);
      const problem = await res.json() as { errors: { code: string }[] };
      expect(problem.errors.map((e) => e.code)).toContain('GW_PIPELINE_CONTEXT_MISMATCH');
    } finally {
      await h.stop();
    }
  });
});
