import { html, type SafeHtml } from '../html.js';
import type { AuditEntry } from '../ports/ConsoleStore.js';
import { formatTime, layout, type PageContext } from './layout.js';

export function auditPage(p: PageContext, entries: readonly AuditEntry[], nextHref?: string): SafeHtml {
  const { t } = p;
  return layout(p, t('audit'), html`<table class="audit"><thead><tr><th>${t('at')}</th><th>${t('who')}</th><th>${t('what')}</th><th>${t('target')}</th>
<th>${t('result')}</th><th>${t('message')}</th><th>IP</th></tr></thead><tbody>
${entries.map((e) => html`<tr><td>${formatTime(e.at)}</td><td>${e.username}</td><td>${e.action}</td><td>${e.target ?? ''}</td>
<td class="${e.outcome === 'ok' ? 'ok' : 'paused'}">${e.outcome}</td><td>${e.detail ?? ''}</td><td>${e.remote ?? ''}</td></tr>`)}
</tbody></table>${nextHref ? html`<p><a href="${nextHref}" rel="next">${t('next')} →</a></p>` : ''}`);
}
