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
