import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyRulePolicy } from '../../../../core/fa3/rules/RulePolicy.js';
import { KSEF_ENFORCED_RULE_CODES, VAT_CONSISTENCY_RULE_CODES } from '../../../../core/fa3/rules/ruleCodes.js';
import type { ValidationIssue } from '../../../../core/fa3/validation/ValidationIssue.js';

const issue = (code: string, layer: ValidationIssue['layer'] = 'rule', severity: ValidationIssue['severity'] = 'error'): ValidationIssue =>
  ({ code, layer, location: 'Fa/P_15', message: `${code} found`, severity });

describe('applyRulePolicy', () => {
  it('keeps every error in production without a warn list', () => {
    const all = [issue('FA3_NIP_CHECKSUM'), issue('FA3_TOTAL_MISMATCH'), issue('FA3_P1_IN_FUTURE')];
    expect(applyRulePolicy(all, { environment: 'production' })).toEqual(all);
  });

  it('makes the NIP checksum a warning against TEST and DEMO only', () => {
    for (const environment of ['test', 'demo'] as const) {
      const [nip] = applyRulePolicy([issue('FA3_NIP_CHECKSUM')], { environment });
      expect(nip.severity).toBe('warning');
      expect(nip.message).toContain(`KSeF ${environment.toUpperCase()}`);
    }
  });

  it('turns only the listed rule codes into warnings, never a schema or file finding with the same code', () => {
    const out = applyRulePolicy([issue('FA3_TOTAL_MISMATCH'), issue('FA3_TAX_MISMATCH'), issue('FA3_TOTAL_MISMATCH', 'xsd')],
      { environment: 'production', warn: ['FA3_TOTAL_MISMATCH'], contextNip: '5265877635' });
    expect(out.map((i) => i.severity)).toEqual(['warning', 'error', 'error']);
    expect(out[0].message).toBe('FA3_TOTAL_MISMATCH found (a warning by validation.warn of context 5265877635; KSeF does not check it)');
  });

  it('never turns a rule KSeF enforces into a warning, even when a caller lists it', () => {
    const out = applyRulePolicy([issue('FA3_P1_IN_FUTURE'), issue('FA3_SIZE_LIMIT')], { environment: 'test', warn: ['FA3_P1_IN_FUTURE', 'FA3_SIZE_LIMIT'] as never });
    expect(out.map((i) => i.severity)).toEqual(['error', 'error']);
  });
});

describe('rule codes', () => {
  it('classifies every code a business rule emits as KSeF-enforced or VAT-consistency, and no code as both', () => {
    const dir = join(process.cwd(), 'core', 'fa3', 'rules');
    const emitted = new Set(readdirSync(dir).filter((f) => f.endsWith('Rule.ts') || f === 'sizeLimit.ts')
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/'(FA3_[A-Z0-9_]+)'/g)].map((m) => m[1])));
    const classified = [...KSEF_ENFORCED_RULE_CODES, ...VAT_CONSISTENCY_RULE_CODES];
    expect(new Set(classified).size).toBe(classified.length);
    expect([...emitted].filter((c) => !classified.includes(c as never))).toEqual([]);
    expect(classified.filter((c) => !emitted.has(c))).toEqual([]);
  });
});
