import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { Fa3XsdValidator } from '../../../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../../core/fa3/validation/validateFa3.js';
import { Fa3DocumentPreparer } from '../../../core/pipeline/Fa3DocumentPreparer.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { harness, removeDir, untilTrue, type Harness } from '../../support/pipeline/harness.js';
import { eachDocument, ksefEvidence } from '../../support/ksefEvidence.js';

const NIP = '9999999999';
let sim: RunningSimulator;
let xsd: Fa3XsdValidator;
let h: Harness;

beforeAll(async () => {
  sim = await startSimulator({ schemasDir: SCHEMAS_DIR, processingDelayMs: 20 });
  xsd = await Fa3XsdValidator.load(SCHEMAS_DIR);
});
afterAll(async () => {
  await sim.close();
  xsd.dispose();
});
beforeEach(async () => {
  // What the composition root builds for a TEST context with `validation.warn: [FA3_TOTAL_MISMATCH]`.
  const preparer = new Fa3DocumentPreparer({ validate: (xml) => validateFa3(xml, { xsd }),
    rulePolicy: (contextNip) => ({ environment: 'test', contextNip, warn: ['FA3_TOTAL_MISMATCH'] }) });
  h = harness(sim.baseUrl, { preparer });
  await h.addToken(NIP, sim.createToken({ nip: NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] }).token);
});
afterEach(async () => {
  await h.close();
  removeDir(h.dir);
});

describe('warnings travel with the outcome', () => {
  it('sends an invoice whose only findings are warnings, and delivers them to the ERP beside the KSeF number', async () => {
    const number = `WARN/${process.pid}/${Date.now()}`;
    const xml = invoiceXml({ sellerNip: NIP, number, issueDate: '2026-02-15' })
      .replace('<NIP>1111111111</NIP>', '<NIP>1111111112</NIP>').replace('<P_15>2051</P_15>', '<P_15>2100</P_15>');
    const clean = invoiceXml({ sellerNip: NIP, number: `${number}/clean` });
    const held = sim.invoicesHeld(NIP);
    const receipt = await h.submissions.submit('erp', { erpId: number, urgent: true, payload: { format: 'fa3-xml', xml } });
    const cleanReceipt = await h.submissions.submit('erp', { erpId: `${number}/clean`, urgent: true, payload: { format: 'fa3-xml', xml: clean } });
    expect(receipt.state).toBe('queued');
    expect(receipt.warnings?.map((w) => w.code).sort()).toEqual(['FA3_NIP_CHECKSUM', 'FA3_TOTAL_MISMATCH']);
    await h.pipeline.start();
    await untilTrue(() => h.outcomes.length === 2);
    expect(ksefEvidence(sim, NIP, [number, `${number}/clean`])).toEqual(eachDocument([number, `${number}/clean`]));
    expect(sim.invoicesHeld(NIP) - held).toBe(2);
    const outcome = h.outcomes.find((o) => o.documentId === receipt.documentId);
    if (outcome?.kind !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(outcome)}`);
    expect(outcome.ksefNumber).toMatch(/^9999999999-/);
    expect(outcome.warnings).toEqual(receipt.warnings);
    expect(h.outcomes.find((o) => o.documentId === cleanReceipt.documentId)).not.toHaveProperty('warnings');
  });
});
