import type { InvoiceDraft } from '../../plugin-api/draft/InvoiceDraft.js';
import type { InvoiceRef } from '../../plugin-api/draft/InvoiceRef.js';
import type { VatRateCode } from '../../plugin-api/VatRateCode.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { draftIssue } from './draftIssue.js';

/** An earlier invoice as the FA(3) references need it. No `ksefNumber`: issued outside KSeF. */
export interface ResolvedInvoice {
  readonly number: string;
  readonly issueDate: string;
  readonly ksefNumber?: string;
  /** Net and VAT per rate, for advance invoices a settlement deducts. */
  readonly amounts?: readonly { readonly vatRate: VatRateCode; readonly net: string; readonly vat: string }[];
}

/** Looks an ERP id up in the gateway's store: the invoice, or why it cannot be referenced. */
export type ErpIdResolver = (erpId: string) => Promise<ResolvedInvoice | { readonly problem: string }>;

/** Resolved references by the JSON pointer of their `InvoiceRef` in the draft. */
export type ResolvedReferences = ReadonlyMap<string, ResolvedInvoice>;

function refsOf(draft: InvoiceDraft): [string, InvoiceRef][] {
  const out: [string, InvoiceRef][] = [];
  if ('correction' in draft) {
    const of = draft.correction.of;
    if (Array.isArray(of)) of.forEach((r, i) => out.push([`/correction/of/${i}`, r]));
    else out.push(['/correction/of', of as InvoiceRef]);
  }
  if (draft.kind === 'ROZ') draft.advances.forEach((a, i) => out.push([`/advances/${i}/invoice`, a.invoice]));
  if (draft.kind === 'ZAL') (draft.earlierAdvances ?? []).forEach((r, i) => out.push([`/earlierAdvances/${i}`, r]));
  return out;
}

/**
 * Resolves every invoice reference of a draft: KSeF numbers and invoices outside KSeF as given, ERP ids through the
 * store. Each reference that cannot be resolved is an issue at its field; all are reported together.
 */
export async function resolveReferences(draft: InvoiceDraft, resolver?: ErpIdResolver): Promise<{ refs: ResolvedReferences; issues: ValidationIssue[] }> {
  const refs = new Map<string, ResolvedInvoice>();
  const issues: ValidationIssue[] = [];
  await Promise.all(refsOf(draft).map(async ([pointer, ref]) => {
    if ('ksefNumber' in ref) refs.set(pointer, { number: ref.number, issueDate: ref.issueDate, ksefNumber: ref.ksefNumber });
    else if ('outsideKsef' in ref) refs.set(pointer, { number: ref.number, issueDate: ref.issueDate });
    else {
      const found = resolver ? await resolver(ref.erpId) : { problem: 'references by ERP id need the gateway\'s store, which this check does not have' };
      if ('problem' in found) {
        issues.push(draftIssue('GW_DRAFT_REFERENCE_UNRESOLVED', `${pointer}/erpId`,
          `the invoice with ERP id ${JSON.stringify(ref.erpId)} cannot be referenced: ${found.problem}`));
      } else refs.set(pointer, found);
    }
  }));
  return { refs, issues };
}
