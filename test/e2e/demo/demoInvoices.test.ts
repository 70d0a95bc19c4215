import { demoInvoices } from '../../../core/cli/commands/gateway/demoInvoices.js';
import { writeFa3 } from '../../../core/fa3/Fa3Writer.js';
import { Fa3XsdValidator } from '../../../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../../core/fa3/validation/validateFa3.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';

describe('demo invoices', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => { xsd = await Fa3XsdValidator.load(SCHEMAS_DIR); });
  afterAll(() => xsd.dispose());

  it('covers VAT, exempt, EUR, KOR, ZAL and UPR, each XSD-valid and passing every business rule', () => {
    const now = new Date();
    const docs = demoInvoices('5265877635', 'r1', now);
    expect(docs.map((d) => d.kind)).toEqual(['VAT', 'VAT zw', 'VAT EUR', 'KOR', 'ZAL', 'UPR']);
    for (const doc of docs) {
      const result = validateFa3(writeFa3(doc.invoice), { xsd, now });
      expect({ erpId: doc.erpId, issues: result.issues.filter((i) => i.severity === 'error') }).toEqual({ erpId: doc.erpId, issues: [] });
    }
  });

  it('gives every run its own invoice numbers and ERP ids', () => {
    const a = demoInvoices('5265877635', 'r1', new Date());
    const b = demoInvoices('5265877635', 'r2', new Date());
    const numbers = [...a, ...b].map((d) => (d.invoice.Fa as unknown as { P_2: string }).P_2);
    expect(new Set(numbers).size).toBe(12);
    expect(new Set([...a, ...b].map((d) => d.erpId)).size).toBe(12);
  });
});
