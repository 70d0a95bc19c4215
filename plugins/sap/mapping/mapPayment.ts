import type { DraftPayment } from '../../../core/plugin-api/index.js';
import type { MappingContext } from './MappingContext.js';

/** Payment: due date (E1EDK03), terms in days (E1EDK18) when no date is given, bank accounts (E1EDK28). */
export function mapPayment(ctx: MappingContext): DraftPayment | undefined {
  const due = ctx.top('E1EDK03', 'IDDAT', ctx.mapping.qualifiers.dueDate)[0];
  const dueDate = due ? ctx.date(due) : undefined;
  if (due) ctx.source('/payment/dueDates/0', due, 'DATUM');
  const terms = ctx.top('E1EDK18').find((s) => s.fields.TAGE !== undefined && /^\d+$/.test(s.fields.TAGE.trim()));
  const bankAccounts = ctx.top('E1EDK28').flatMap((bank, i) => {
    const iban = bank.fields.BIBAN?.replace(/\s/g, '');
    const number = iban?.startsWith('PL') ? iban.slice(2) : (iban ?? bank.fields.ACNUM);
    if (!number) return [];
    ctx.source(`/payment/bankAccounts/${i}`, bank, iban ? 'BIBAN' : 'ACNUM');
    const swift = bank.fields.BRNUM && /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bank.fields.BRNUM) ? bank.fields.BRNUM : undefined;
    return [{ number, ...(swift ? { swift } : {}), ...(bank.fields.BNAME ? { bankName: bank.fields.BNAME } : {}) }];
  });
  if (!dueDate && !terms && bankAccounts.length === 0) return undefined;
  return {
    ...(dueDate ? { dueDates: [dueDate] } : terms ? { dueIn: { count: Number(terms.fields.TAGE), unit: 'dni', from: 'wystawienia faktury' } } : {}),
    ...(bankAccounts.length ? { method: ctx.mapping.paymentMethod, bankAccounts } : {}),
  };
}
