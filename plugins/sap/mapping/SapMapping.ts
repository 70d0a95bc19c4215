import { VAT_RATE_CODES, z } from '../../../core/plugin-api/index.js';

/** What a billing type (E1EDK14 qualifier 015, VBRK-FKART) becomes: an invoice, a correction, an advance invoice. */
export const BILLING_ROLES = ['invoice', 'credit', 'debit', 'cancel', 'advance'] as const;
export type BillingRole = (typeof BILLING_ROLES)[number];

/**
 * How INVOIC02 maps to a draft: partner roles, qualifiers, SAP tax codes (MWSKZ) and billing types. Every value
 * here differs between SAP systems, so none of it is code; the defaults fit a standard SD configuration.
 */
export const sapMappingSchema = z.object({
  partners: z.object({
    seller: z.array(z.string()).default(['RS', 'BK']).describe('E1EDKA1 PARVW for the seller, first found wins'),
    buyer: z.array(z.string()).default(['RE', 'AG']).describe('E1EDKA1 PARVW for the buyer, first found wins'),
    vatQualifier: z.string().optional().describe('E1EDKA3 QUALP whose STDPN holds the partner VAT id (used when E1EDK01 has none)'),
  }).prefault({}),
  qualifiers: z.object({
    invoiceNumber: z.string().default('009').describe('E1EDK02 QUALF of the invoice number'),
    originalInvoice: z.array(z.string()).default(['011', '031']).describe('E1EDK02 QUALF of the corrected billing document'),
    issueDate: z.string().default('026').describe('E1EDK03 IDDAT of the issue date'),
    saleDate: z.string().default('027').describe('E1EDK03 / E1EDP03 IDDAT of the delivery or service date'),
    dueDate: z.string().default('028').describe('E1EDK03 IDDAT of the due date'),
    billingType: z.string().default('015').describe('E1EDK14 QUALF of the billing type'),
    itemName: z.string().default('002').describe('E1EDP19 QUALF whose KTEXT names the item'),
    gtin: z.string().default('003').describe('E1EDP19 QUALF of the EAN/GTIN'),
    itemNetValue: z.string().default('003').describe('E1EDP26 QUALF of the item net value'),
    totalNet: z.string().default('010'),
    totalTax: z.string().default('005'),
    totalGross: z.string().default('011'),
  }).prefault({}),
  taxCodes: z.record(z.string(), z.enum(VAT_RATE_CODES)).default({}).describe('MWSKZ -> FA(3) rate code, e.g. { A1: "23", A8: "0 WDT", E0: "0 EX", RC: "oo" }'),
  rateFromPercent: z.boolean().default(true).describe('map an unlisted MWSKZ by its MSATZ when that is a taxed Polish rate (23, 8, 5 ...); 0 % is never guessed'),
  billingTypes: z.record(z.string(), z.enum(BILLING_ROLES)).default({ F1: 'invoice', F2: 'invoice', G2: 'credit', RE: 'credit', L2: 'debit', S1: 'cancel', S2: 'cancel', FAZ: 'advance' }),
  units: z.record(z.string(), z.string()).default({ PCE: 'szt.', EA: 'szt.', KGM: 'kg', GRM: 'g', LTR: 'l', MTR: 'm', MTK: 'm2', MTQ: 'm3', HUR: 'godz.', DAY: 'dzień', TNE: 't', SET: 'kpl.' }),
  headerTextIds: z.array(z.string()).optional().describe('E1EDKT1 TDIDs whose lines become invoice notes; default all'),
  paymentMethod: z.enum(['cash', 'card', 'voucher', 'cheque', 'credit', 'transfer', 'mobile']).default('transfer'),
  totals: z.enum(['error', 'warning']).default('error').describe('an E1EDS01 total that differs from the computed sum is an error or a warning'),
  erpIdPrefix: z.string().default('').describe('ERP id = prefix + billing document number (one prefix per SAP system)'),
}).strict();

export type SapMapping = z.infer<typeof sapMappingSchema>;

export function defaultMapping(): SapMapping {
  return sapMappingSchema.parse({});
}
