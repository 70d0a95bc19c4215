import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { eventually, NIP_A, NIP_B, startRest, type RestHarness } from './restHarness.js';

const uniq = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const canonical = (nip: string, number: string) => readFa3(invoiceXml({ sellerNip: nip, number })) as unknown as Record<string, unknown>;

describe('REST API: invoices', () => {
  let h: RestHarness;
  let key: string;
  beforeAll(async () => {
    h = await startRest();
    key = await h.key([NIP_A]);
  });
  afterAll(async () => { await h.stop(); });

  it('answers 401 problem+json without an API key, and with a revoked one', async () => {
    const res = await h.call('/v1/invoices');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toMatchObject({ type: 'urn:ksef-gateway:problem:GW_REST_UNAUTHENTICATED', status: 401, code: 'GW_REST_UNAUTHENTICATED' });
    const created = await h.rest.keys.create({ name: 'gone', contexts: [NIP_A], scope: 'read' });
    await h.rest.keys.revoke(created.info.id);
    expect((await h.call('/v1/invoices', { key: created.key })).status).toBe(401);
  });

  it('stores a canonical JSON invoice (202), sends it, and shows its KSeF number, UPO and XML', async () => {
    const erpId = `FV-${uniq()}`;
    const res = await h.call('/v1/invoices', { method: 'POST', key, json: { erpId, invoice: canonical(NIP_A, `FV/JSON/${uniq()}`) } });
    expect(res.status).toBe(202);
    const body = await res.json() as { id: string; erpId: string; state: string; links: Record<string, string> };
    expect(body).toMatchObject({ erpId, context: NIP_A, state: 'queued', duplicate: false });
    expect(res.headers.get('location')).toBe(`/v1/invoices/${body.id}`);
    const done = await eventually(async () => {
      const doc = await (await h.call(`/v1/invoices/${body.id}`, { key })).json() as { state: string; ksefNumber?: string };
      return doc.state === 'delivered' ? doc : undefined;
    });
    expect(done.ksefNumber).toMatch(new RegExp(`^${NIP_A}-`));
    expect(done).toMatchObject({ verificationUrl: expect.stringContaining('/invoice/') });
    const upo = await h.call(body.links.upo, { key });
    expect(upo.status).toBe(200);
    expect(upo.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(Buffer.from(await upo.arrayBuffer()).equals((await h.app.store.getUpo(body.id))!)).toBe(true);
    const xml = await h.call(body.links.xml, { key });
    expect(Buffer.from(await xml.arrayBuffer()).equals((await h.app.store.getXml(body.id))!)).toBe(true);
  });

  it('takes FA(3) XML by Content-Type with the ERP id in the query', async () => {
    const res = await h.call(`/v1/invoices?erpId=X-${uniq()}&urgent=true`, { method: 'POST', key,
      headers: { 'content-type': 'application/xml' }, body: invoiceXml({ sellerNip: NIP_A, number: `FV/XML/${uniq()}` }) });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ state: 'queued', context: NIP_A });
  });

  it('returns the existing document (200, duplicate) for an ERP id it already has', async () => {
    const erpId = `D-${uniq()}`;
    const invoice = canonical(NIP_A, `FV/DUP/${uniq()}`);
    const first = await (await h.call('/v1/invoices', { method: 'POST', key, json: { erpId, invoice } })).json() as { id: string };
    const again = await h.call('/v1/invoices', { method: 'POST', key, json: { erpId, invoice } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: first.id, duplicate: true });
  });

  it('answers 422 with every error located by JSON pointer and FA(3) path, and stores the invalid document', async () => {
    const invoice = canonical(NIP_A, `FV/BAD/${uniq()}`) as { Fa: { P_15: string; FaWiersz: { P_11?: string }[] } };
    invoice.Fa.P_15 = '1.00';
    invoice.Fa.FaWiersz[0].P_11 = '9999.99';
    const res = await h.call('/v1/invoices', { method: 'POST', key, json: { erpId: `BAD-${uniq()}`, invoice } });
    expect(res.status).toBe(422);
    const problem = await res.json() as { code: string; id: string; errors: { code: string; pointer?: string; xmlPath?: string }[] };
    expect(problem.code).toBe('GW_REST_INVALID_INVOICE');
    expect(problem.errors.length).toBeGreaterThan(0);
    for (const e of problem.errors) {
      expect(e.pointer).toMatch(/^\/invoice\//);
      expect(e.xmlPath).toMatch(/^\/Faktura\//);
    }
    expect(problem.errors.some((e) => e.pointer === '/invoice/Fa/P_15')).toBe(true);
    expect((await h.call(`/v1/invoices/${problem.id}`, { key })).status).toBe(200);
  });

  it('locates errors of an XML body by XML path', async () => {
    const xml = invoiceXml({ sellerNip: NIP_A, number: `FV/BADX/${uniq()}` }).replace(/<P_15>[^<]*<\/P_15>/, '<P_15>1.00</P_15>');
    const res = await h.call(`/v1/invoices?erpId=BX-${uniq()}`, { method: 'POST', key, headers: { 'content-type': 'text/xml' }, body: xml });
    expect(res.status).toBe(422);
    const problem = await res.json() as { errors: { xmlPath?: string; pointer?: string }[] };
    expect(problem.errors.some((e) => e.xmlPath === '/Faktura/Fa/P_15')).toBe(true);
    expect(problem.errors.every((e) => e.pointer === undefined)).toBe(true);
  });

  it('checks without storing when dryRun=true', async () => {
    const erpId = `DRY-${uniq()}`;
    const res = await h.call('/v1/invoices?dryRun=true', { method: 'POST', key, json: { erpId, invoice: canonical(NIP_A, `FV/DRY/${uniq()}`) } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ valid: true, errors: [] });
    expect(await h.app.store.getByErpId('api', `${NIP_A}/${erpId}`)).toBeUndefined();
  });

  it('refuses a request body that does not match the schema with located errors', async () => {
    const res = await h.call('/v1/invoices', { method: 'POST', key, json: { urgent: 'maybe', extra: 1 } });
    expect(res.status).toBe(422);
    const problem = await res.json() as { code: string; errors: { pointer: string }[] };
    expect(problem.code).toBe('GW_REST_INVALID_REQUEST');
    expect(problem.errors.map((e) => e.pointer).sort()).toEqual(['/erpId', '/extra', '/urgent']);
  });

  it('answers 400 for a body that is not JSON, 415 for another Content-Type and 404 for an unknown route', async () => {
    const bad = await h.call('/v1/invoices', { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: '{"erpId":' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('GW_REST_BAD_REQUEST');
    const media = await h.call('/v1/invoices', { method: 'POST', key, headers: { 'content-type': 'text/csv' }, body: 'a,b' });
    expect(media.status).toBe(415);
    expect((await media.json()).code).toBe('GW_REST_UNSUPPORTED_MEDIA_TYPE');
    const none = await h.call('/v1/nothing', { key });
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('takes a batch with an independent result per invoice', async () => {
    const bad = canonical(NIP_A, `FV/B2/${uniq()}`) as { Fa: { P_15: string } };
    bad.Fa.P_15 = '0.01';
    const res = await h.call('/v1/invoices:batch', { method: 'POST', key, json: { invoices: [
      { erpId: `B1-${uniq()}`, invoice: canonical(NIP_A, `FV/B1/${uniq()}`) },
      { erpId: `B2-${uniq()}`, invoice: bad },
      { erpId: `B3-${uniq()}`, xml: invoiceXml({ sellerNip: NIP_A, number: `FV/B3/${uniq()}` }) },
      { erpId: `B4-${uniq()}`, invoice: canonical(NIP_B, `FV/B4/${uniq()}`) },
    ] } });
    expect(res.status).toBe(200);
    const { results } = await res.json() as { results: { index: number; status: number; code?: string; errors?: { pointer?: string }[] }[] };
    expect(results.map((r) => [r.index, r.status, r.code])).toEqual([[0, 202, undefined], [1, 422, 'GW_REST_INVALID_INVOICE'], [2, 202, undefined],
      [3, 403, 'GW_REST_CONTEXT_FORBIDDEN']]);
    expect(results[1].errors!.some((e) => e.pointer === '/invoices/1/invoice/Fa/P_15')).toBe(true);
  });
});
