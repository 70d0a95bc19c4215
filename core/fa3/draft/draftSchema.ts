import { z } from 'zod';
import type { InvoiceDraft } from '../../plugin-api/draft/InvoiceDraft.js';
import { VAT_RATE_CODES } from '../../plugin-api/VatRateCode.js';

// The zod form of core/plugin-api/draft: it checks a draft's shape (reporting every problem with its JSON pointer)
// and is the source of docs/invoice-draft.schema.json. Business meaning is checked in completeDraft.
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string like "1234.50" (digits, optional "-" and "." decimals; no comma, no exponent)')
  .meta({ id: 'DecimalString', description: 'A decimal as a string: "1234.50", "-3"; never a JSON number' });
const date = z.iso.date('must be a date YYYY-MM-DD').meta({ id: 'Date' });
const country = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code in capitals (PL, DE)');
const rate = z.enum([...VAT_RATE_CODES, 'margin'], { error: `must be one of the VAT rate codes ${[...VAT_RATE_CODES, 'margin'].map((c) => `'${c}'`).join(', ')}` })
  .meta({ id: 'DraftRate' });
const nip = z.string().regex(/^\d{10}$/, 'must be a NIP: 10 digits without dashes or prefix');

const address = z.strictObject({ country, line1: text(512), line2: text(512).optional() }).meta({ id: 'DraftAddress' });

const partyId = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('nip'), nip }),
  z.strictObject({ type: z.literal('eu-vat'), country, number: z.string().regex(/^[0-9A-Z+*]{1,12}$/, 'must be the EU VAT number without its country prefix (digits and capitals, at most 12)') }),
  z.strictObject({ type: z.literal('other'), country: country.optional(), id: text(50) }),
  z.strictObject({ type: z.literal('none') }),
], { error: "must have type 'nip', 'eu-vat', 'other' or 'none'" }).meta({ id: 'PartyId' });

const seller = z.strictObject({
  nip, name: text(512), address, email: text(255).optional(), phone: text(16).optional(), euVatPrefix: z.boolean().optional(),
}).meta({ id: 'DraftSeller' });

const buyer = z.strictObject({
  id: partyId, name: text(512).optional(), address: address.optional(), email: text(255).optional(), phone: text(16).optional(),
  customerNumber: text(256).optional(),
}).meta({ id: 'DraftBuyer' });

const line = z.strictObject({
  name: text(512),
  quantity: decimal,
  unit: text(256).optional(),
  unitPrice: decimal,
  discount: decimal.optional(),
  vatRate: rate,
  saleDate: date.optional(),
  id: text(50).optional(),
  index: text(50).optional(),
  gtin: text(20).optional(),
  pkwiu: text(50).optional(),
  cn: text(50).optional(),
  gtu: z.enum(['GTU_01', 'GTU_02', 'GTU_03', 'GTU_04', 'GTU_05', 'GTU_06', 'GTU_07', 'GTU_08', 'GTU_09', 'GTU_10', 'GTU_11', 'GTU_12', 'GTU_13']).optional(),
  annex15: z.boolean().optional(),
}).meta({ id: 'DraftLine' });

const correctionLine = z.union([
  z.strictObject({ before: line, after: line }),
  z.strictObject({ before: z.undefined().optional(), after: line }),
  z.strictObject({ before: line, after: z.undefined().optional() }),
], { error: 'a correction line needs "before", "after" or both' }).meta({ id: 'DraftCorrectionLine' });

const paymentMethod = z.enum(['cash', 'card', 'voucher', 'cheque', 'credit', 'transfer', 'mobile']);

const payment = z.strictObject({
  dueDates: z.array(date).max(100).optional(),
  dueIn: z.strictObject({ count: z.number().int().positive(), unit: text(50), from: text(256) }).optional(),
  method: paymentMethod.optional(),
  otherMethod: text(256).optional(),
  bankAccounts: z.array(z.strictObject({
    number: z.string().trim().min(10).max(34), swift: z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/).optional(),
    bankName: text(256).optional(), description: text(256).optional(),
  })).max(100).optional(),
  paid: z.strictObject({ date }).optional(),
  partialPayments: z.array(z.strictObject({ amount: decimal, date, method: paymentMethod.optional() })).max(100).optional(),
  earlyPaymentDiscount: z.strictObject({ conditions: text(256), amount: text(256) }).optional(),
}).meta({ id: 'DraftPayment' });

const invoiceRef = z.union([
  z.strictObject({ ksefNumber: z.string().regex(/^\d{10}-\d{8}-[0-9A-F]{6}-?[0-9A-F]{6}-[0-9A-F]{2}$/, 'must be a KSeF number'), number: text(256), issueDate: date }),
  z.strictObject({ erpId: text(256) }),
  z.strictObject({ outsideKsef: z.literal(true), number: text(256), issueDate: date }),
], { error: 'must be { ksefNumber, number, issueDate }, { erpId } or { outsideKsef: true, number, issueDate }' }).meta({ id: 'InvoiceRef' });

const correction = z.strictObject({
  of: z.union([invoiceRef, z.array(invoiceRef).min(1).max(50000)]),
  reason: text(256).optional(),
  effect: z.enum(['original-date', 'correction-date', 'other']).optional(),
}).meta({ id: 'DraftCorrection' });

const common = {
  number: text(256),
  issueDate: date,
  issuePlace: text(256).optional(),
  saleDate: date.optional(),
  salePeriod: z.strictObject({ from: date, to: date }).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code in capitals (PLN, EUR)').optional(),
  exchangeRate: decimal.optional(),
  calculation: z.enum(['net', 'gross']).optional(),
  seller,
  buyer,
  exemption: z.strictObject({ basis: z.enum(['act', 'directive', 'other']), text: text(256) }).optional(),
  margin: z.enum(['travel', 'used-goods', 'art', 'antiques']).optional(),
  annotations: z.strictObject({
    cashAccounting: z.boolean().optional(), selfBilling: z.boolean().optional(),
    splitPayment: z.boolean().optional(), triangular: z.boolean().optional(),
  }).optional(),
  payment: payment.optional(),
  notes: z.array(z.string().trim().min(1).max(3500)).max(3).optional(),
  extras: z.array(z.strictObject({ key: text(256), value: text(256), line: z.number().int().positive().optional() })).max(10000).optional(),
};

const lines = z.array(line).max(10000);
const correctionLines = z.array(correctionLine).max(5000);

/** The shape of an {@link InvoiceDraft}; strict (an unknown field is an error: it is usually a misspelt one). */
export const invoiceDraftSchema: z.ZodType<InvoiceDraft> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal(['VAT', 'UPR']), ...common, lines: lines.min(1, 'needs at least one line') }),
  z.strictObject({
    kind: z.literal('ZAL'), ...common,
    advance: z.strictObject({ amount: decimal, receivedDate: date.optional() }),
    order: z.strictObject({ lines: lines.min(1, 'the order needs at least one line') }),
    earlierAdvances: z.array(invoiceRef).max(100).optional(),
  }),
  z.strictObject({
    kind: z.literal('ROZ'), ...common, lines: lines.min(1, 'needs at least one line'),
    advances: z.array(z.strictObject({
      invoice: invoiceRef,
      amounts: z.array(z.strictObject({ vatRate: z.enum(VAT_RATE_CODES), net: decimal, vat: decimal })).min(1).optional(),
    })).min(1, 'a settlement deducts at least one advance invoice').max(100),
  }),
  z.strictObject({ kind: z.literal('KOR'), ...common, correction, lines: correctionLines }),
  z.strictObject({ kind: z.literal('KOR_ROZ'), ...common, correction, lines: correctionLines, remainingBefore: decimal }),
  z.strictObject({
    kind: z.literal('KOR_ZAL'), ...common, correction,
    advance: z.strictObject({ before: decimal, after: decimal }),
    order: z.strictObject({ lines: correctionLines.min(1, 'the order needs at least one line') }),
  }),
], { error: "kind must be one of 'VAT', 'UPR', 'ZAL', 'ROZ', 'KOR', 'KOR_ZAL', 'KOR_ROZ'" });
