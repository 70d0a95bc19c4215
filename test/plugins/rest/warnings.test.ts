import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { eventually, NIP_A, NIP_B, startRest, type RestHarness } from './restHarness.js';

const uniq = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

interface ApiError { code: string; message: string; xmlPath?: string }
interface InvoiceView { id: string; state: string; errors: ApiError[]; warnings: ApiError[] }

describe('REST API: validation warnings of stored invoices', () => {
  let h: RestHarness;
  let key: string;
  beforeAll(async () => {
    // The operator decided that a wrong P_15 of NIP_A's invoices is a warning, not an error (docs/config.md).
    h = await startRest({}, [`contexts: [{ nip: "${NIP_A}", validation: { warn: [FA3_TOTAL_MISMATCH] } }, { nip: "${NIP_B}" }]`]);
    key = await h.key([NIP_A]);
  });
  afterAll(async () => { await h.stop(); });

  const withWrongTotal = () => {
    const invoice = readFa3(invoiceXml({ sellerNip: NIP_A, number: `FV/WARN/${uniq()}` })) as unknown as { Fa: { P_15: string } };
    invoice.Fa.P_15 = '0.01';
    return invoice;
  };

  it('stores and sends an invoice with a warning, and shows the warning in the answer, GET /v1/invoices/{id} and the list', async () => {
    const erpId = `WARN-${uniq()}`;
    const res = await h.call('/v1/invoices', { method: 'POST', key, json: { erpId, invoice: withWrongTotal() } });
    expect(res.status).toBe(202);
    const receipt = await res.json() as { id: string; warnings: ApiError[] };
    expect(receipt.warnings).toEqual([expect.objectContaining({ code: 'FA3_TOTAL_MISMATCH', pointer: '/invoice/Fa/P_15', xmlPath: '/Faktura/Fa/P_15' })]);

    const accepted = await eventually(async () => {
      const view = await (await h.call(`/v1/invoices/${receipt.id}`, { key })).json() as InvoiceView;
      return view.state === 'accepted' || view.state === 'delivered' ? view : undefined;
    });
    expect(accepted.errors).toEqual([]);
    expect(accepted.warnings).toEqual([expect.objectContaining({ code: 'FA3_TOTAL_MISMATCH', xmlPath: '/Faktura/Fa/P_15', message: expect.any(String) })]);

    const list = await (await h.call(`/v1/invoices?erpId=${encodeURIComponent(erpId)}`, { key })).json() as { items: InvoiceView[] };
    expect(list.items).toHaveLength(1);
    expect(list.items[0].warnings.map((w) => w.code)).toEqual(['FA3_TOTAL_MISMATCH']);
  });

  it('lists an empty warnings array for an invoice without findings', async () => {
    const invoice = readFa3(invoiceXml({ sellerNip: NIP_A, number: `FV/CLEAN/${uniq()}` }));
    const res = await h.call('/v1/invoices', { method: 'POST', key, json: { erpId: `CLEAN-${uniq()}`, invoice } });
    expect(res.status).toBe(202);
    const { id, warnings } = await res.json() as { id: string; warnings?: ApiError[] };
    expect(warnings).toBeUndefined();
    expect((await (await h.call(`/v1/invoices/${id}`, { key })).json() as InvoiceView).warnings).toEqual([]);
  });
});
