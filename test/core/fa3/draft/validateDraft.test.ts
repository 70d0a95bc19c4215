import { validateDraft } from '../../../../core/fa3/draft/validateDraft.js';
import { Fa3XsdValidator } from '../../../../core/fa3/validation/Fa3XsdValidator.js';
import type { DraftSources, InvoiceDraft } from '../../../../core/plugin-api/index.js';
import { SCHEMAS_DIR } from '../../../support/sharedDir.js';
import { buyer, NOW, seller } from './draftFixtures.js';

describe('validateDraft', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => { xsd = await Fa3XsdValidator.load(SCHEMAS_DIR); });
  afterAll(() => xsd.dispose());

  const draft: InvoiceDraft = { kind: 'VAT', number: 'FV/2026/02/0001', issueDate: '2026-02-15', saleDate: '2026-02-14', seller, buyer,
    lines: [{ name: 'Usługa serwisowa', quantity: '2', unit: 'szt.', unitPrice: '50.00', vatRate: '23' },
      { name: 'Usługa gastronomiczna', quantity: '1', unit: 'szt.', unitPrice: '50.00', vatRate: '8' }],
    payment: { dueDates: ['2026-03-01'], method: 'transfer', bankAccounts: [{ number: '61109010140000071219812874' }] } };
  const sources: DraftSources = {
    '': { kind: 'file', file: 'feb.csv', row: 2 },
    '/lines/0': { kind: 'file', file: 'feb.csv', row: 3 },
    '/lines/1': { kind: 'file', file: 'feb.csv', row: 4 },
    '/lines/1/unitPrice': { kind: 'file', file: 'feb.csv', row: 4, column: 'price' },
    '/buyer/id/nip': { kind: 'file', file: 'feb.csv', row: 2, column: 'buyer_nip' },
  };

  it('completes a valid draft into XSD-valid FA(3) that passes every rule', async () => {
    const r = await validateDraft(draft, { xsd, now: NOW });
    expect(r.issues).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.xml).toContain('<P_15>177.00</P_15>');
  });

  it('reports every shape error of a draft at once, each with its field and the ERP source', async () => {
    const bad = { ...draft, lines: [{ ...draft.lines[0], vatRate: '8%', quantity: 2 }, { name: 'x', quantity: '1', unitprice: '1', vatRate: '23' }] };
    const r = await validateDraft(bad, { xsd, now: NOW, sources });
    expect(r.valid).toBe(false);
    expect(r.xml).toBeUndefined();
    expect(r.issues.map((i) => [i.code, i.field, i.source])).toEqual([
      ['GW_DRAFT_INVALID_VALUE', '/lines/0/quantity', sources['/lines/0']],
      ['GW_DRAFT_INVALID_RATE', '/lines/0/vatRate', sources['/lines/0']],
      ['GW_DRAFT_MISSING_FIELD', '/lines/1/unitPrice', sources['/lines/1/unitPrice']],
      ['GW_DRAFT_UNKNOWN_FIELD', '/lines/1/unitprice', sources['/lines/1']],
    ]);
    expect(r.issues[0].message).toMatch(/decimal strings, never numbers/);
  });

  it('locates XSD and rule findings about the completed FA(3) in the draft and in the ERP data', async () => {
    const r = await validateDraft({ ...draft, currency: 'XYZ', exchangeRate: '1', buyer: { ...buyer, id: { type: 'nip', nip: '1234567890' } } },
      { xsd, now: NOW, sources });
    expect(r.valid).toBe(false);
    const byCode = Object.fromEntries(r.issues.map((i) => [i.code, i]));
    expect(byCode.FA3_NIP_CHECKSUM).toMatchObject({ location: 'Podmiot2/DaneIdentyfikacyjne/NIP', field: '/buyer/id/nip', source: sources['/buyer/id/nip'] });
    expect(r.issues.find((i) => i.location === 'Fa/KodWaluty')).toMatchObject({ layer: 'xsd', field: '/currency', source: sources[''] });
  });
});
