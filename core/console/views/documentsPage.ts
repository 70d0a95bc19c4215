import type { DocumentState } from '../../plugin-api/types.js';
import { html, type SafeHtml } from '../html.js';
import { stateName } from '../i18n.js';
import type { ConsoleDocumentRow } from '../ports/ConsoleStore.js';
import { formatTime, layout, type PageContext } from './layout.js';
import { STATE_ORDER } from './overviewPage.js';

export interface DocumentFilters {
  readonly erpId?: string;
  readonly invoiceNumber?: string;
  readonly ksefNumber?: string;
  readonly context?: string;
  readonly state?: DocumentState;
  readonly from?: string;
  readonly to?: string;
}

export function documentTable(p: PageContext, rows: readonly ConsoleDocumentRow[]): SafeHtml {
  const { t } = p;
  if (rows.length === 0) return html`<p>${t('noDocuments')}</p>`;
  return html`<table class="documents"><thead><tr><th>${t('erpId')}</th><th>${t('source')}</th><th>${t('context')}</th><th>${t('invoiceNumber')}</th>
<th>${t('state')}</th><th>${t('ksefNumber')}</th><th>${t('errors')}</th><th>${t('created')}</th><th>${t('updated')}</th></tr></thead><tbody>
${rows.map((d) => html`<tr><td><a href="/console/documents/${d.id}">${d.erpId}</a></td><td>${d.source}</td><td>${d.contextNip ?? ''}</td>
<td>${d.invoiceNumber ?? ''}</td><td class="state-${d.state}">${stateName(p.lang, d.state)}</td><td>${d.ksefNumber ?? ''}</td>
<td class="num">${d.errorCount || ''}</td><td>${formatTime(d.createdAt)}</td><td>${formatTime(d.updatedAt)}</td></tr>`)}
</tbody></table>`;
}

export function documentsPage(p: PageContext, f: DocumentFilters, rows: readonly ConsoleDocumentRow[], nextHref?: string, error?: string): SafeHtml {
  const { t } = p;
  const field = (name: keyof DocumentFilters, label: string, type = 'text') =>
    html`<label>${label}<br><input name="${name}" type="${type}" value="${f[name] ?? ''}" maxlength="256"></label>`;
  return layout(p, t('documents'), html`<form method="get" action="/console/documents" class="search">
${field('erpId', t('erpId'))}${field('invoiceNumber', t('invoiceNumber'))}${field('ksefNumber', t('ksefNumber'))}${field('context', t('context'))}
<label>${t('state')}<br><select name="state"><option value="">${t('any')}</option>
${STATE_ORDER.map((s) => html`<option value="${s}" ${f.state === s ? html`selected` : ''}>${stateName(p.lang, s)}</option>`)}</select></label>
${field('from', t('from'), 'date')}${field('to', t('to'), 'date')}
<button type="submit">${t('search')}</button></form>
${documentTable(p, rows)}
${nextHref ? html`<p><a href="${nextHref}" rel="next">${t('next')} →</a></p>` : ''}`, error ? { kind: 'error', text: error } : undefined);
}
