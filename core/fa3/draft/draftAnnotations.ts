import type { DraftCommon } from '../../plugin-api/draft/InvoiceDraft.js';
import type { DraftRate } from '../../plugin-api/draft/DraftLine.js';
import type { Adnotacje, PMarzy } from '../model/Faktura.js';
import type { FieldMap } from './FieldMap.js';

const MARGIN: Readonly<Record<NonNullable<DraftCommon['margin']>, keyof PMarzy>> = {
  travel: 'P_PMarzy_2', 'used-goods': 'P_PMarzy_3_1', art: 'P_PMarzy_3_2', antiques: 'P_PMarzy_3_3',
};
const yesNo = (v: boolean | undefined): '1' | '2' => (v ? '1' : '2');

/**
 * `Adnotacje` from the draft's flags and its lines' rates: `zw` lines -> P_19 with the exemption's legal basis,
 * `oo` lines -> P_18 (domestic reverse charge), `margin` lines -> P_PMarzy with the scheme; everything else "no".
 * Missing exemption basis or margin scheme are reported by completeDraft; here they are simply not written.
 */
export function annotationsOf(d: DraftCommon, rates: ReadonlySet<DraftRate>, fields: FieldMap): Adnotacje {
  fields.setAll('Fa/Adnotacje', '/annotations', { P_16: 'cashAccounting', P_17: 'selfBilling', P_18A: 'splitPayment', P_23: 'triangular' });
  fields.set('Fa/Adnotacje/Zwolnienie', '/exemption');
  fields.set('Fa/Adnotacje/PMarzy', '/margin');
  const a = d.annotations ?? {};
  const basis = d.exemption && rates.has('zw')
    ? { P_19: '1' as const, [{ act: 'P_19A', directive: 'P_19B', other: 'P_19C' }[d.exemption.basis]]: d.exemption.text }
    : { P_19N: '1' as const };
  return {
    P_16: yesNo(a.cashAccounting),
    P_17: yesNo(a.selfBilling),
    P_18: yesNo(rates.has('oo')),
    P_18A: yesNo(a.splitPayment),
    Zwolnienie: basis,
    NoweSrodkiTransportu: { P_22N: '1' },
    P_23: yesNo(a.triangular),
    PMarzy: rates.has('margin') && d.margin ? { P_PMarzy: '1', [MARGIN[d.margin]]: '1' } : { P_PMarzyN: '1' },
  };
}
