import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateDraft } from '../../core/fa3/draft/validateDraft.js';
import { Fa3XsdValidator } from '../../core/fa3/validation/Fa3XsdValidator.js';
import { SCHEMAS_DIR } from '../support/sharedDir.js';

const page = readFileSync(join(process.cwd(), 'docs', 'drafts.md'), 'utf8');
const examples = [...page.matchAll(/## ([^\n]+)\n+```json\n([\s\S]*?)```\n+Result[^:]*: ([^\n]+)/g)]
  .map((m) => ({ title: m[1], draft: JSON.parse(m[2]) as unknown, result: [...m[3].matchAll(/`(P_[0-9_W]+)` (-?\d+(?:\.\d+)?)/g)].map((r) => [r[1], r[2]]) }));

describe('docs/drafts.md', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => { xsd = await Fa3XsdValidator.load(SCHEMAS_DIR); });
  afterAll(() => xsd.dispose());

  it('has one worked example per invoice kind', () => expect(examples.map((e) => e.title)).toEqual([
    'VAT, two rates', 'Exempt (zw) with its legal basis', 'Reverse charge (oo)', 'Intra-EU supply (WDT)', 'Export',
    'Foreign currency (EUR) with the exchange rate', 'Settlement invoice (ROZ) after an advance', 'Simplified invoice (UPR)',
    'Advance invoice (ZAL)', 'Correction (KOR) with before and after lines']));

  it.each(examples.map((e) => [e.title, e] as const))('%s completes into valid FA(3) with the stated totals', async (_t, e) => {
    const r = await validateDraft(e.draft, { xsd, now: new Date('2026-03-10T10:00:00Z') });
    // Every rule passes: no error and no warning either.
    expect(r.issues).toEqual([]);
    expect(r.valid).toBe(true);
    for (const [field, value] of e.result) expect(`${field} ${(r.invoice!.Fa as unknown as Record<string, string>)[field]}`).toBe(`${field} ${value}`);
    const notes = r.invoice!.Fa.Adnotacje as unknown as { P_18: string; Zwolnienie: { P_19?: string; P_19A?: string } };
    if (e.title.startsWith('Exempt')) expect(notes.Zwolnienie).toEqual({ P_19: '1', P_19A: 'art. 43 ust. 1 pkt 37 ustawy o VAT' });
    if (e.title.startsWith('Reverse charge')) expect(notes.P_18).toBe('1');
  });
});
