import type { DraftPayment, PaymentMethod } from '../../plugin-api/draft/DraftPayment.js';
import type { Platnosc, TFormaPlatnosci } from '../model/Faktura.js';
import type { Decimal } from '../rules/Decimal.js';
import type { FieldMap } from './FieldMap.js';
import { dec } from './draftMoney.js';

const METHOD: Readonly<Record<PaymentMethod, TFormaPlatnosci>> = {
  cash: '1', card: '2', voucher: '3', cheque: '4', credit: '5', transfer: '6', mobile: '7',
};

/** `Platnosc` from the draft's payment; `total` (P_15) tells partly paid (1) from paid in full in parts (2). */
export function paymentOf(p: DraftPayment, total: Decimal, fields: FieldMap): Platnosc {
  fields.setAll('Fa/Platnosc', '/payment', {
    Zaplacono: 'paid', DataZaplaty: 'paid/date', ZnacznikZaplatyCzesciowej: 'partialPayments', FormaPlatnosci: 'method',
    PlatnoscInna: 'otherMethod', OpisPlatnosci: 'otherMethod', Skonto: 'earlyPaymentDiscount',
  });
  const terms = [
    ...(p.dueDates ?? []).map((d, i) => { fields.set(`Fa/Platnosc/TerminPlatnosci[${i + 1}]`, `/payment/dueDates/${i}`); return { Termin: d }; }),
    ...(p.dueIn ? [{ TerminOpis: { Ilosc: String(p.dueIn.count), Jednostka: p.dueIn.unit, ZdarzeniePoczatkowe: p.dueIn.from } }] : []),
  ];
  if (p.dueIn) fields.set(`Fa/Platnosc/TerminPlatnosci[${terms.length}]`, '/payment/dueIn');
  const partial = p.partialPayments ?? [];
  partial.forEach((_, i) => fields.setAll(`Fa/Platnosc/ZaplataCzesciowa[${i + 1}]`, `/payment/partialPayments/${i}`,
    { KwotaZaplatyCzesciowej: 'amount', DataZaplatyCzesciowej: 'date', FormaPlatnosci: 'method' }));
  (p.bankAccounts ?? []).forEach((_, i) => fields.setAll(`Fa/Platnosc/RachunekBankowy[${i + 1}]`, `/payment/bankAccounts/${i}`,
    { NrRB: 'number', SWIFT: 'swift', NazwaBanku: 'bankName', OpisRachunku: 'description' }));
  const paidInParts = partial.reduce((s, x) => s.add(dec(x.amount)), dec('0'));
  return {
    ...(p.paid && { Zaplacono: '1' as const, DataZaplaty: p.paid.date }),
    ...(partial.length > 0 && {
      ZnacznikZaplatyCzesciowej: paidInParts.compare(total) >= 0 ? '2' as const : '1' as const,
      ZaplataCzesciowa: partial.map((x) => ({
        KwotaZaplatyCzesciowej: x.amount, DataZaplatyCzesciowej: x.date, ...(x.method && { FormaPlatnosci: METHOD[x.method] }),
      })),
    }),
    ...(terms.length > 0 && { TerminPlatnosci: terms }),
    ...(p.method && { FormaPlatnosci: METHOD[p.method] }),
    ...(p.otherMethod !== undefined && { PlatnoscInna: '1' as const, OpisPlatnosci: p.otherMethod }),
    ...(p.bankAccounts && p.bankAccounts.length > 0 && {
      RachunekBankowy: p.bankAccounts.map((a) => ({
        NrRB: a.number.replace(/\s+/g, ''), ...(a.swift && { SWIFT: a.swift }), ...(a.bankName && { NazwaBanku: a.bankName }),
        ...(a.description && { OpisRachunku: a.description }),
      })),
    }),
    ...(p.earlyPaymentDiscount && { Skonto: { WarunkiSkonta: p.earlyPaymentDiscount.conditions, WysokoscSkonta: p.earlyPaymentDiscount.amount } }),
  };
}
