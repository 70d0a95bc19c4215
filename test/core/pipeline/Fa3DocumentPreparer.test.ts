import { buildDraft } from '../../../core/fa3/draft/buildDraft.js';
import { prepareDraft } from '../../../core/fa3/draft/prepareDraft.js';
import type { RulePolicy } from '../../../core/fa3/rules/RulePolicy.js';
import { tryWriteFa3 } from '../../../core/fa3/Fa3Writer.js';
import type { Faktura } from '../../../core/fa3/model/Faktura.js';
import type { DraftSources, InvoiceDraft } from '../../../core/plugin-api/index.js';
import { Fa3XsdValidator } from '../../../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../../core/fa3/validation/validateFa3.js';
import { Fa3DocumentPreparer } from '../../../core/pipeline/Fa3DocumentPreparer.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';

describe('Fa3DocumentPreparer', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => { xsd = await Fa3XsdValidator.load(SCHEMAS_DIR); });
  afterAll(() => xsd.dispose());
  const preparer = () => new Fa3DocumentPreparer({ validate: (xml) => validateFa3(xml, { xsd, now: new Date('2026-03-01') }),
    contextFor: (nip) => (nip === '9999999999' ? '5265877635' : nip) });

  it('keeps the exact bytes of a valid invoice and routes it to the configured context', async () => {
    const xml = invoiceXml({ number: 'FV/P/1' });
    const r = await preparer().prepare({ erpId: 'E1', payload: { format: 'fa3-xml', xml } });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.document.xml.equals(Buffer.from(xml, 'utf8'))).toBe(true);
    expect(r.document).toMatchObject({ contextNip: '5265877635', issueDate: '2026-02-15', hasAttachment: false,
      key: { sellerNip: '9999999999', invoiceKind: 'VAT', invoiceNumber: 'FV/P/1' } });
  });

  it('reports the validator\'s errors with their locations and builds nothing', async () => {
    const xml = invoiceXml({ number: 'FV/P/2' }).replace(/<P_15>[^<]*<\/P_15>/, '<P_15>abc</P_15>');
    const r = await preparer().prepare({ erpId: 'E2', payload: { format: 'fa3-xml', xml } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.some((e) => e.location?.includes('P_15'))).toBe(true);
  });

  it('refuses canonical JSON when no writer is configured', async () => {
    const r = await new Fa3DocumentPreparer().prepare({ erpId: 'E3', payload: { format: 'fa3-json', invoice: {} } });
    expect(r).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'GW_PIPELINE_NO_WRITER' })] });
  });
});

describe('Fa3DocumentPreparer with drafts and canonical JSON', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => { xsd = await Fa3XsdValidator.load(SCHEMAS_DIR); });
  afterAll(() => xsd.dispose());
  const now = new Date('2026-03-01T00:00:00Z');
  const preparer = new Fa3DocumentPreparer({
    write: (invoice) => tryWriteFa3(invoice as Faktura),
    buildDraft: (d) => buildDraft(d, { now }),
    validate: (xml) => validateFa3(xml, { xsd, now }),
  });
  const party = { name: 'Firma', address: { country: 'PL', line1: 'ul. Prosta 1' } };
  const draft: InvoiceDraft = { kind: 'VAT', number: 'FV/D/1', issueDate: '2026-02-15', seller: { nip: '5265877635', ...party },
    buyer: { id: { type: 'nip', nip: '7352765225' }, ...party }, lines: [{ name: 'Usługa', quantity: '1', unitPrice: '100', vatRate: '23' }] };

  it('completes a draft into the bytes it stores, keyed by the draft\'s number', async () => {
    const r = await preparer.prepare({ erpId: 'D1', payload: { format: 'draft', draft } });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.document.key).toEqual({ sellerNip: '5265877635', invoiceKind: 'VAT', invoiceNumber: 'FV/D/1' });
    expect(r.document.xml.toString('utf8')).toContain('<P_15>123.00</P_15>');
  });

  it('gives rule errors of a draft their draft field and source, and keeps warnings apart', async () => {
    const r = await preparer.prepare({ erpId: 'D2', payload: { format: 'draft',
      draft: { ...draft, buyer: { id: { type: 'nip', nip: '1234567890' }, name: 'Firma' } },
      sources: { '/buyer': { kind: 'json', pointer: '/customer' } } } });
    expect(r).toMatchObject({ ok: false,
      errors: [{ code: 'FA3_NIP_CHECKSUM', location: 'Podmiot2/DaneIdentyfikacyjne/NIP', field: '/buyer/id/nip', source: { kind: 'json', pointer: '/customer' } }],
      warnings: [{ code: 'GW_DRAFT_BUYER_ADDRESS_MISSING', field: '/buyer/address' }] });
  });

  it('reports every value canonical JSON cannot carry, each with its own code, instead of one FA3_BUILD_FAILED', async () => {
    const r = await preparer.prepare({ erpId: 'J1', payload: { format: 'fa3-json', invoice: {
      Naglowek: { WariantFormularza: '3', DataWytworzeniaFa: '2026-02-15T09:30:00Z' },
      Podmiot1: { DaneIdentyfikacyjne: { NIP: '5265877635', Nazwa: 'X' }, Adres: { KodKraju: 'PL', AdresL1: 'a' }, Kolor: 'x' },
      Podmiot2: { DaneIdentyfikacyjne: { BrakID: '1' }, JST: '2', GV: '2' },
      Fa: { KodWaluty: 'PLN', P_1: '2026-02-15', P_2: 'J/1', P_13_1: '1,5', P_15: 12 },
    } } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.code, e.location])).toEqual([
        ['GW_FA3_UNKNOWN_ELEMENT', 'Podmiot1/Kolor'],
        ['GW_FA3_INVALID_DECIMAL', 'Fa/P_13_1'],
        ['GW_FA3_INVALID_VALUE', 'Fa/P_15'],
      ]);
    }
  });
});

describe('Fa3DocumentPreparer with drafts prepared in one step (prepareDraft, as on a validation thread)', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => { xsd = await Fa3XsdValidator.load(SCHEMAS_DIR); });
  afterAll(() => xsd.dispose());
  const now = new Date('2026-03-01T00:00:00Z');
  const policy = (contextNip: string): RulePolicy => ({ environment: contextNip === '5265877635' ? 'test' : 'production', contextNip });
  const oneStepCalls: unknown[] = [];
  const twoSteps = (rulePolicy?: (nip: string) => RulePolicy) => new Fa3DocumentPreparer({
    buildDraft: (d) => buildDraft(d, { now, resolveErpId: async () => ({ number: 'FV/OLD/1', issueDate: '2026-02-01', ksefNumber: '5265877635-20260201-0100001AF629-AF' }) }),
    validate: (xml) => validateFa3(xml, { xsd, now }), rulePolicy,
  });
  const oneStep = (rulePolicy?: (nip: string) => RulePolicy) => new Fa3DocumentPreparer({
    prepareDraft: (d) => { oneStepCalls.push(d); return prepareDraft(d, { xsd, now }); },
    buildDraft: (d) => buildDraft(d, { now, resolveErpId: async () => ({ number: 'FV/OLD/1', issueDate: '2026-02-01', ksefNumber: '5265877635-20260201-0100001AF629-AF' }) }),
    validate: (xml) => validateFa3(xml, { xsd, now }), rulePolicy,
  });
  const party = { name: 'Firma', address: { country: 'PL', line1: 'ul. Prosta 1' } };
  const base: InvoiceDraft = { kind: 'VAT', number: 'FV/P/1', issueDate: '2026-02-15', seller: { nip: '7352765225', ...party },
    buyer: { id: { type: 'nip', nip: '5265877635' }, ...party }, lines: [{ name: 'Usługa', quantity: '2', unitPrice: '100.10', vatRate: '23' }, { name: 'Książka', quantity: '1', unitPrice: '40', vatRate: '5' }] };
  // [name, draft, sources, stored without a policy, stored with the policy]
  const cases: [string, unknown, DraftSources | undefined, boolean, boolean][] = [
    ['a valid draft', base, undefined, true, true],
    ['a draft whose buyer NIP fails its checksum (a rule error, located)', { ...base, buyer: { id: { type: 'nip', nip: '1234567890' }, name: 'Firma' } }, { '/buyer': { kind: 'json', pointer: '/customer' } }, false, false],
    ['a draft of a context whose policy makes the NIP checksum a warning', { ...base, seller: { nip: '5265877635', ...party }, buyer: { id: { type: 'nip', nip: '1234567890' }, ...party } }, undefined, false, true],
    ['a draft that cannot be completed (no lines)', { ...base, lines: [] }, undefined, false, false],
    ['a draft with a line of an unknown VAT rate', { ...base, lines: [{ name: 'x', quantity: '1', unitPrice: '1', vatRate: '17' }] }, { '/lines/0': { kind: 'file', file: 'a.csv', row: 7 } }, false, false],
    ['something that is not a draft at all', 'not a draft', undefined, false, false],
  ];

  it.each(cases)('gives the same result as completion followed by validation: %s', async (_name, draft, sources, plainOk, policyOk) => {
    const doc = { erpId: 'P1', payload: { format: 'draft' as const, draft: draft as InvoiceDraft, ...(sources && { sources }) } };
    for (const [rulePolicy, ok] of [[undefined, plainOk], [policy, policyOk]] as const) {
      oneStepCalls.length = 0;
      const one = await oneStep(rulePolicy).prepare(doc);
      expect(oneStepCalls).toHaveLength(1);
      expect(one.ok).toBe(ok);
      const two = await twoSteps(rulePolicy).prepare(doc);
      // DataWytworzeniaFa is the moment of writing: equal bytes apart from it.
      const bytes = (r: typeof one) => (r.ok ? { ...r, document: { ...r.document, xml: r.document.xml.toString('utf8').replace(/<DataWytworzeniaFa>[^<]*</, '<DataWytworzeniaFa><') } } : r);
      expect(JSON.stringify(bytes(one), null, 1)).toBe(JSON.stringify(bytes(two), null, 1));
    }
  });

  it('sends a draft that references an earlier invoice by ERP id the store\'s way', async () => {
    oneStepCalls.length = 0;
    const draft = { ...base, kind: 'KOR', correction: { of: { erpId: 'OLD-1' }, reason: 'price', effect: 'correction-date' },
      lines: [{ before: base.lines[0], after: { ...base.lines[0], unitPrice: '90' } }] };
    const r = await oneStep().prepare({ erpId: 'K1', payload: { format: 'draft', draft: draft as unknown as InvoiceDraft } });
    expect(oneStepCalls).toHaveLength(0);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.document.xml.toString('utf8')).toContain('<NrKSeFFaKorygowanej>5265877635-20260201-0100001AF629-AF</NrKSeFFaKorygowanej>');
  });
});
