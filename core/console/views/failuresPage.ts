import { html, type SafeHtml } from '../html.js';
import type { ConsoleDocumentRow, FailureGroup } from '../ports/ConsoleStore.js';
import { documentTable } from './documentsPage.js';
import { formatTime, layout, type PageContext } from './layout.js';

/** Rejected and invalid documents by error code: a mapping mistake that hit 300 invoices is one line. */
export function failuresPage(p: PageContext, groups: readonly FailureGroup[]): SafeHtml {
  const { t } = p;
  return layout(p, t('failures'), groups.length === 0 ? html`<p>${t('noDocuments')}</p>` : html`<table class="failures"><thead><tr>
<th>${t('code')}</th><th>${t('count')}</th><th>${t('lastSeen')}</th><th>${t('example')}</th></tr></thead><tbody>
${groups.map((g) => html`<tr><td><a href="/console/failures/${encodeURIComponent(g.code)}">${g.code}</a></td><td class="num">${g.count}</td>
<td>${formatTime(g.lastAt)}</td><td>${g.example ?? ''}</td></tr>`)}</tbody></table>`);
}

export function failureCodePage(p: PageContext, code: string, rows: readonly ConsoleDocumentRow[], nextHref?: string): SafeHtml {
  return layout(p, `${p.t('failures')}: ${code}`, html`${documentTable(p, rows)}
${nextHref ? html`<p><a href="${nextHref}" rel="next">${p.t('next')} →</a></p>` : ''}`);
}
