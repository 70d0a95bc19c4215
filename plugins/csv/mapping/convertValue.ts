import { parseDate, type DateFormat } from '../values/parseDate.js';
import { parseDecimal, type DecimalMark } from '../values/parseDecimal.js';

/** How a file writes numbers and dates (from the mapping). */
export interface ValueFormats {
  readonly decimal: DecimalMark;
  readonly dateFormat: DateFormat | 'auto';
}

export type ValueKind = 'date' | 'decimal' | 'boolean' | 'text';

// Draft fields by their own name (the last name of the path): the draft's vocabulary, not the CSV's.
const KINDS: Readonly<Record<string, ValueKind>> = {
  issueDate: 'date', saleDate: 'date', from: 'date', to: 'date', dueDates: 'date', date: 'date', receivedDate: 'date',
  exchangeRate: 'decimal', quantity: 'decimal', unitPrice: 'decimal', discount: 'decimal', amount: 'decimal',
  // A settlement's deducted amounts (advances.N.amounts.M.net), a KOR_ROZ's remainder, a KOR_ZAL's advance before and after.
  net: 'decimal', vat: 'decimal', remainingBefore: 'decimal', before: 'decimal', after: 'decimal',
  euVatPrefix: 'boolean', cashAccounting: 'boolean', selfBilling: 'boolean', splitPayment: 'boolean',
  triangular: 'boolean', annex15: 'boolean',
};

const TRUE = new Set(['1', 'true', 't', 'tak', 'yes', 'y', 'x']);
const FALSE = new Set(['0', 'false', 'f', 'nie', 'no', 'n']);

export type Converted = { readonly ok: true; readonly value: string | boolean } | { readonly ok: false; readonly reason: string };

/** The kind of a draft path (`lines.unitPrice` is a decimal, `payment.dueDates.0` a date). */
export function kindOf(path: string): ValueKind {
  const names = path.split('.').filter((s) => !/^\d+$/.test(s));
  return KINDS[names[names.length - 1]] ?? 'text';
}

/** A non-empty cell value converted to what its draft field takes: ISO date, plain decimal string, boolean or text. */
export function convertValue(kind: ValueKind, text: string, formats: ValueFormats): Converted {
  switch (kind) {
    case 'date': {
      const iso = parseDate(text, formats.dateFormat);
      return iso === undefined ? { ok: false, reason: `"${text}" is not a date (${formats.dateFormat === 'auto' ? 'YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY or YYYYMMDD' : formats.dateFormat})` } : { ok: true, value: iso };
    }
    case 'decimal': {
      const d = parseDecimal(text, formats.decimal);
      return d === undefined ? { ok: false, reason: `"${text}" is not a number` } : { ok: true, value: d };
    }
    case 'boolean': {
      const t = text.toLowerCase();
      if (TRUE.has(t)) return { ok: true, value: true };
      if (FALSE.has(t)) return { ok: true, value: false };
      return { ok: false, reason: `"${text}" is not yes/no (1/0, true/false, tak/nie)` };
    }
    case 'text':
      return { ok: true, value: text };
  }
}
