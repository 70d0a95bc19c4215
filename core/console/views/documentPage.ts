import type { SubmissionRecord } from '../../pipeline/ports/SubmissionStore.js';
import { html, type SafeHtml } from '../html.js';
import { stateName } from '../i18n.js';
import type { HistoryEntry } from '../ports/ConsoleStore.js';
import { invoiceView } from './invoiceView.js';
import { actionButton, formatTime, layout, type PageContext } from './layout.js';

export interface DocumentPageData {
  readonly doc: SubmissionRecord;
  readonly history: readonly HistoryEntry[];
  readonly xml?: Buffer;
  readonly upo?: Buffer;
  readonly canRetry: boolean;
  readonly canResubmit: boolean;
}

/** One document: facts, history, errors as the validator located them, the invoice (readable and XML), the UPO, actions. */
export function documentPage(p: PageContext, d: DocumentPageData, notice?: { kind: 'ok' | 'error'; text: string }): SafeHtml {
  const { t } = p;
  const { doc } = d;
  const operator = p.session?.role === 'operator';
  const facts: [string, string][] = [[t('erpId'), doc.erpId], [t('source'), doc.source], [t('context'), doc.contextNip ?? ''],
    [t('invoiceNumber'), doc.key?.invoiceNumber ?? ''], [t('state'), stateName(p.lang, doc.state)], [t('ksefNumber'), doc.ksefNumber ?? ''],
    [t('created'), formatTime(doc.createdAt)], [t('updated'), formatTime(doc.updatedAt)]];
  return layout(p, `${t('invoice')} ${doc.erpId}`, html`<table class="facts">${facts.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>
${operator && (d.canRetry || d.canResubmit) ? html`<h2>${t('actions')}</h2>
${d.canRetry ? actionButton(p, `/console/documents/${doc.id}/retry`, t('retry')) : ''}
${d.canResubmit ? html`<details><summary>${t('resubmit')}</summary>
<form method="post" action="/console/documents/${doc.id}/resubmit"><input type="hidden" name="_csrf" value="${p.session?.csrf ?? ''}">
<textarea name="xml" rows="20" maxlength="2000000">${d.xml?.toString('utf8') ?? ''}</textarea><button type="submit">${t('resubmit')}</button></form></details>` : ''}` : ''}
<h2>${t('history')}</h2><table class="history"><thead><tr><th>${t('at')}</th><th>${t('from')}</th><th>${t('to')}</th><th>${t('instance')}</th></tr></thead><tbody>
${d.history.map((h) => html`<tr><td>${formatTime(h.at)}</td><td>${h.from ? stateName(p.lang, h.from) : ''}</td><td>${stateName(p.lang, h.to)}</td><td>${h.instance ?? ''}</td></tr>`)}
</tbody></table>
${doc.errors.length > 0 ? html`<h2>${t('errors')}</h2><table class="errors"><thead><tr><th>${t('code')}</th><th>${t('message')}</th><th>${t('location')}</th></tr></thead><tbody>
${doc.errors.map((e) => html`<tr><td><a href="/console/failures/${encodeURIComponent(e.code)}">${e.code}</a></td><td>${e.message}</td>
<td>${e.location ?? ''}${e.field ? html`<br>${e.field}` : ''}</td></tr>`)}</tbody></table>` : ''}
${d.xml ? html`<h2>${t('invoice')}</h2>${invoiceView(p, d.xml)}
<h2>${t('xml')} <a href="/console/documents/${doc.id}/xml">${t('download')}</a></h2><pre class="xml">${d.xml.toString('utf8')}</pre>` : ''}
<h2>${t('upo')}${d.upo ? html` <a href="/console/documents/${doc.id}/upo">${t('download')}</a>` : ''}</h2>
${d.upo ? html`<pre class="upo">${d.upo.toString('utf8')}</pre>` : html`<p>${t('noUpo')}</p>`}`, notice);
}
