import type { DocumentState } from '../../plugin-api/types.js';
import { html, type SafeHtml } from '../html.js';
import { stateName } from '../i18n.js';
import type { ContextFacts } from '../ports/ConsoleStore.js';
import { formatTime, layout, type PageContext } from './layout.js';

export const STATE_ORDER: readonly DocumentState[] = ['received', 'queued', 'sending', 'sent', 'accepted', 'rejected', 'delivered', 'invalid'];

/** One context as the overview shows it: config, credential (never its value) and store facts together. */
export interface ContextView {
  readonly nip: string;
  readonly name?: string;
  readonly method: string;
  readonly credentialStatus?: string;
  readonly credentialReason?: string;
  readonly expiresAt?: string;
  readonly daysLeft?: number;
  readonly lastAuthenticatedAt?: string;
  readonly facts?: ContextFacts;
  readonly rateRoom?: number;
}

export function overviewPage(p: PageContext, contexts: readonly ContextView[], ksefReachable: boolean | undefined, now: number): SafeHtml {
  const { t } = p;
  const reach = ksefReachable === undefined ? t('unknown') : ksefReachable ? t('reachable') : t('unreachable');
  const rows = contexts.map((c) => {
    const f = c.facts;
    const paused = f?.pausedReason !== undefined;
    const waiting = f?.oldestWaiting;
    return html`<tr data-context="${c.nip}">
<td>${c.nip}</td><td>${c.name ?? ''}</td>
<td>${c.method}${c.credentialStatus ? html` <span class="${c.credentialStatus === 'active' ? 'ok' : 'paused'}">(${c.credentialStatus}${c.credentialReason ? `: ${c.credentialReason}` : ''})</span>` : ''}</td>
<td>${c.expiresAt ? html`${c.expiresAt.slice(0, 10)} <span class="${(c.daysLeft ?? 99) <= 7 ? 'paused' : (c.daysLeft ?? 99) <= 30 ? 'warn' : ''}">(${c.daysLeft} ${t('daysLeft')})</span>` : t('noExpiry')}</td>
<td>${c.lastAuthenticatedAt ?? t('notRecorded')}</td>
<td>${f?.lastAcceptedAt ? formatTime(f.lastAcceptedAt) : t('notRecorded')}</td>
<td class="status">${paused ? html`<span class="paused">${t('paused')}</span> ${t('since')} ${formatTime(f?.pausedAt)}: ${f?.pausedReason}` : html`<span class="ok">${t('active')}</span>`}</td>
<td>${waiting ? html`<a href="/console/documents/${waiting.id}">${waiting.erpId}</a> (${stateName(p.lang, waiting.state)}, ${Math.round((now - waiting.createdAt) / 60_000)} min)` : t('none')}</td>
<td class="num room">${c.rateRoom === undefined ? t('unknown') : Number.isFinite(c.rateRoom) ? c.rateRoom : t('noLimit')}</td></tr>`;
  });
  const countRows = contexts.map((c) => html`<tr><td>${c.nip}</td>${STATE_ORDER.map((s) => {
    const n = c.facts?.counts[s] ?? 0;
    return html`<td class="num">${n > 0 ? html`<a href="/console/documents?context=${c.nip}&amp;state=${s}">${n}</a>` : '0'}</td>`;
  })}</tr>`);
  return layout(p, t('overview'), html`<p>${t('ksefReach')}: <b class="${ksefReachable === false ? 'paused' : ''}">${reach}</b></p>
<table class="contexts"><thead><tr><th>${t('context')}</th><th>${t('company')}</th><th>${t('method')}</th><th>${t('expiry')}</th>
<th>${t('lastAuth')}</th><th>${t('lastSend')}</th><th>${t('status')}</th><th>${t('oldestWaiting')}</th><th>${t('rateRoom')}</th></tr></thead>
<tbody>${rows}</tbody></table>
<h2>${t('byState')}</h2>
<table class="counts"><thead><tr><th>${t('context')}</th>${STATE_ORDER.map((s) => html`<th>${stateName(p.lang, s)}</th>`)}</tr></thead>
<tbody>${countRows}</tbody></table>`);
}
