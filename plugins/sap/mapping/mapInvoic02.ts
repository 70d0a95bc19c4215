import { Decimal, type DraftCorrectionLine, type DraftSources, type InvoiceDraft } from '../../../core/plugin-api/index.js';
import { walkSegments, type Idoc, type IdocSegment } from '../idoc/Idoc.js';
import type { IdocIssue } from '../idoc/IdocIssue.js';
import { checkTotals } from './checkTotals.js';
import { mapLines } from './mapLines.js';
import { mapBuyer, mapSeller } from './mapParties.js';
import { mapPayment } from './mapPayment.js';
import { MappingContext } from './MappingContext.js';
import type { BillingRole, SapMapping } from './SapMapping.js';
import type { SapMappingHook } from './SapMappingHook.js';

/** The outcome of mapping one INVOIC02: a draft with the sources of its values, or every error found, located. */
export type MappedInvoice =
  | { readonly ok: true; readonly erpId: string; readonly billingDocument: string; readonly draft: InvoiceDraft; readonly sources: DraftSources; readonly warnings: readonly IdocIssue[] }
  | { readonly ok: false; readonly erpId?: string; readonly billingDocument?: string; readonly errors: readonly IdocIssue[]; readonly warnings: readonly IdocIssue[] };

/**
 * INVOIC02 -> invoice draft. The billing type decides the kind: invoices become VAT, credit and debit memos and
 * cancellations become KOR referring to the original billing document by its ERP id (the gateway finds the
 * original's KSeF number in its own store), down-payment requests become ZAL.
 */
export function mapInvoic02(idoc: Idoc, mapping: SapMapping, hook?: SapMappingHook): MappedInvoice {
  const ctx = new MappingContext(idoc, mapping);
  const q = mapping.qualifiers;
  const header = ctx.top('E1EDK01')[0];
  if (!header) ctx.error('GW_SAP_MAP_HEADER_MISSING', 'no E1EDK01 header segment', 'E1EDK01');
  const numberSegment = ctx.top('E1EDK02', 'QUALF', q.invoiceNumber)[0];
  const billingDocument = numberSegment?.fields.BELNR ?? header?.fields.BELNR;
  if (!billingDocument) ctx.error('GW_SAP_MAP_NUMBER_MISSING', `no billing document number (E1EDK02 ${q.invoiceNumber} BELNR, E1EDK01 BELNR)`, 'E1EDK02', 'BELNR');
  ctx.source('/number', numberSegment ?? header, 'BELNR');
  const erpId = billingDocument === undefined ? undefined : `${mapping.erpIdPrefix}${billingDocument}`;

  const role = billingRole(ctx);
  const dateSegment = ctx.top('E1EDK03', 'IDDAT', q.issueDate)[0] ?? numberSegment;
  const issueDate = dateSegment ? ctx.date(dateSegment) : undefined;
  if (!dateSegment) ctx.error('GW_SAP_MAP_DATE_MISSING', `no issue date (E1EDK03 ${q.issueDate})`, 'E1EDK03', 'DATUM');
  ctx.source('/issueDate', dateSegment, 'DATUM');
  const saleSegment = ctx.top('E1EDK03', 'IDDAT', q.saleDate)[0];
  const saleDate = saleSegment ? ctx.date(saleSegment) : undefined;
  ctx.source('/saleDate', saleSegment, 'DATUM');

  const sign = role === 'credit' ? -1 : 1;
  const lines = mapLines(ctx, sign);
  const euSupply = lines.some((l) => l.line.vatRate === '0 WDT');
  const seller = mapSeller(ctx, header, euSupply);
  const buyer = mapBuyer(ctx, header);
  const payment = mapPayment(ctx);
  checkTotals(ctx, lines, sign);
  const currency = header?.fields.CURCY ?? 'PLN';
  const exchangeRate = currency === 'PLN' || !header ? undefined : rate(ctx, header);
  const notes = headerTexts(ctx);

  const common = {
    number: billingDocument ?? '', issueDate: issueDate ?? '', ...(saleDate && saleDate !== issueDate ? { saleDate } : {}),
    ...(currency !== 'PLN' ? { currency } : {}), ...(exchangeRate ? { exchangeRate } : {}),
    seller: seller ?? { nip: '', name: '', address: { country: 'PL', line1: '' } }, buyer: buyer ?? { id: { type: 'none' as const } },
    ...(payment ? { payment } : {}), ...(notes.length ? { notes } : {}),
  };
  let draft: InvoiceDraft;
  if (role === 'credit' || role === 'debit' || role === 'cancel') {
    const original = q.originalInvoice.map((qualf) => ctx.top('E1EDK02', 'QUALF', qualf)[0]).find((s) => s?.fields.BELNR);
    if (!original) ctx.error('GW_SAP_MAP_ORIGINAL_MISSING', `a ${role} needs the original billing document (E1EDK02 ${q.originalInvoice.join('/')} BELNR)`, 'E1EDK02', 'BELNR');
    ctx.source('/correction/of', original, 'BELNR');
    const reason = header?.fields.AUGRU_BEZ;
    const corrected: DraftCorrectionLine[] = lines.map((l) => (role === 'cancel' ? { before: l.line } : { after: l.line }));
    draft = { ...common, kind: 'KOR', correction: { of: { erpId: `${mapping.erpIdPrefix}${original?.fields.BELNR ?? ''}` }, ...(reason ? { reason } : {}) }, lines: corrected };
  } else if (role === 'advance') {
    const sent = ctx.top('E1EDS01', 'SUMID', q.totalGross)[0];
    const amount = sent ? ctx.decimal(sent, 'SUMME') : undefined;
    if (!sent) ctx.error('GW_SAP_MAP_FIELD_MISSING', `an advance invoice needs the amount received (E1EDS01 ${q.totalGross})`, 'E1EDS01', 'SUMME');
    ctx.source('/advance/amount', sent, 'SUMME');
    draft = { ...common, kind: 'ZAL', advance: { amount: amount ?? '0' }, order: { lines: lines.map((l) => l.line) } };
  } else {
    draft = { ...common, kind: 'VAT', lines: lines.map((l) => l.line) };
  }
  if (hook) draft = runHook(ctx, hook, draft);
  const errors = ctx.issues.filter((i) => i.severity === 'error');
  const warnings = ctx.issues.filter((i) => i.severity === 'warning');
  if (errors.length > 0 || !erpId || !billingDocument) return { ok: false, erpId, billingDocument, errors, warnings };
  return { ok: true, erpId, billingDocument, draft, sources: ctx.draftSources, warnings };
}

function billingRole(ctx: MappingContext): BillingRole {
  const segment = ctx.top('E1EDK14', 'QUALF', ctx.mapping.qualifiers.billingType)[0];
  const type = segment?.fields.ORGID;
  if (!type) {
    ctx.warn('GW_SAP_MAP_BILLING_TYPE_MISSING', `no billing type (E1EDK14 ${ctx.mapping.qualifiers.billingType}): mapped as an invoice`, 'E1EDK14', 'ORGID');
    return 'invoice';
  }
  const role = ctx.mapping.billingTypes[type];
  if (!role) {
    ctx.error('GW_SAP_MAP_BILLING_TYPE_UNMAPPED', `billing type "${type}" is not in the mapping (billingTypes)`, segment, 'ORGID');
    return 'invoice';
  }
  return role;
}

/** WKURS: PLN per unit of the document currency; SAP writes an indirect quotation with a leading `/` or minus. */
function rate(ctx: MappingContext, header: IdocSegment): string | undefined {
  const text = header.fields.WKURS;
  if (!text) return undefined;
  const indirect = text.startsWith('/') || text.startsWith('-');
  const value = Decimal.parse(text.replace(/^[/-]/, '').trim());
  if (!value || value.isZero()) {
    ctx.error('GW_SAP_MAP_NOT_A_NUMBER', `exchange rate "${text}" is not a number`, header, 'WKURS');
    return undefined;
  }
  ctx.source('/exchangeRate', header, 'WKURS');
  return (indirect ? Decimal.of(1).div(value, 6) : value).toString();
}

function headerTexts(ctx: MappingContext): string[] {
  const ids = ctx.mapping.headerTextIds;
  return ctx.top('E1EDKT1')
    .filter((t) => !ids || ids.includes(t.fields.TDID ?? ''))
    .map((t) => t.children.filter((c) => c.name === 'E1EDKT2').map((c) => c.fields.TDLINE ?? '').join(' ').trim())
    .filter(Boolean)
    .slice(0, 3);
}

function runHook(ctx: MappingContext, hook: SapMappingHook, draft: InvoiceDraft): InvoiceDraft {
  try {
    return hook({
      idoc: ctx.idoc, draft,
      segments: (name) => [...walkSegments(ctx.idoc.segments)].filter((s) => s.name === name),
      error: (code, message, segment, field) => ctx.error(code, message, segment, field),
      warn: (code, message, segment, field) => ctx.warn(code, message, segment, field),
    }) ?? draft;
  } catch (err) {
    ctx.error('GW_SAP_MAP_HOOK_FAILED', `the mapping hook failed: ${(err as Error).message}`, 'EDI_DC40');
    return draft;
  }
}
