import { readFa3 } from '../../fa3/Fa3Reader.js';
import { html, type SafeHtml } from '../html.js';
import type { PageContext } from './layout.js';

type Loose = Record<string, unknown>;
const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Loose)[k] : undefined), o);
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** The FA(3) as a person reads an invoice: parties, number, date, lines, total. Unreadable XML says so instead. */
export function invoiceView(p: PageContext, xml: Buffer): SafeHtml {
  const { t } = p;
  let inv: unknown;
  try {
    inv = readFa3(xml, 'document');
  } catch (e) {
    return html`<p class="notice error">${t('unreadable')}: ${(e as Error).message}</p>`;
  }
  const party = (key: 'Podmiot1' | 'Podmiot2') => {
    const id = get(inv, key, 'DaneIdentyfikacyjne');
    return html`${text(get(id, 'Nazwa'))}<br>NIP ${text(get(id, 'NIP'))}<br>${text(get(inv, key, 'Adres', 'AdresL1'))} ${text(get(inv, key, 'Adres', 'AdresL2'))}`;
  };
  const fa = get(inv, 'Fa');
  const lines = get(fa, 'FaWiersz');
  return html`<table class="invoice"><tr><th>${t('seller')}</th><td>${party('Podmiot1')}</td><th>${t('buyer')}</th><td>${party('Podmiot2')}</td></tr>
<tr><th>${t('invoiceNumber')}</th><td>${text(get(fa, 'P_2'))} (${text(get(fa, 'RodzajFaktury'))})</td><th>${t('issueDate')}</th><td>${text(get(fa, 'P_1'))}</td></tr>
<tr><th>${t('currency')}</th><td>${text(get(fa, 'KodWaluty'))}</td><th>${t('total')}</th><td class="num"><b>${text(get(fa, 'P_15'))}</b></td></tr></table>
${Array.isArray(lines) ? html`<h3>${t('lines')}</h3><table class="lines"><thead><tr><th>#</th><th>${t('name')}</th><th>${t('quantity')}</th>
<th>${t('unitPrice')}</th><th>${t('net')}</th><th>${t('rate')}</th></tr></thead><tbody>
${(lines as unknown[]).map((l) => html`<tr><td>${text(get(l, 'NrWierszaFa'))}</td><td>${text(get(l, 'P_7'))}</td>
<td class="num">${text(get(l, 'P_8B'))} ${text(get(l, 'P_8A'))}</td><td class="num">${text(get(l, 'P_9A'))}</td><td class="num">${text(get(l, 'P_11'))}</td>
<td>${text(get(l, 'P_12'))}</td></tr>`)}</tbody></table>` : ''}`;
}
