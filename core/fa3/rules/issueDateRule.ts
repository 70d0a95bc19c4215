import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { ruleIssue, token } from './ruleIssue.js';

// Created once: building an Intl formatter costs more than the whole rule.
const WARSAW_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });

let lastInstant = NaN;
let lastDate = '';

/** The calendar date in Poland at `now` (KSeF's acceptance date is a Polish date), as `YYYY-MM-DD`. */
export function warsawDate(now: Date): string {
  // A batch validates thousands of invoices against one `now`; formatting is the rule's only real cost.
  const t = now.getTime();
  if (t !== lastInstant) {
    lastDate = WARSAW_DATE.format(now);
    lastInstant = t;
  }
  return lastDate;
}

/** KSeF rejects an issue date (P_1) later than the day it accepts the invoice (FA3.md §10.1). */
export function issueDateRule(invoice: Faktura, now: Date): ValidationIssue[] {
  const p1 = token(invoice.Fa?.P_1);
  if (p1 === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(p1)) return [];
  const today = warsawDate(now);
  return p1 > today ? [ruleIssue('FA3_P1_IN_FUTURE', 'Fa/P_1', `issue date P_1 ${p1} is later than today in Poland (${today}); KSeF rejects it`)] : [];
}
