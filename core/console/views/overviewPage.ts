import type { DocumentState } from '../../plugin-api/types.js';
import { html, type SafeHtml } from '../html.js';
import { stateName } from '../i18n.js';
import type { ContextFacts } from '../ports/ConsoleStore.js';
import type { SyncCursor } from '../../purchases/ports/PurchaseStore.js';
import { expiryClass } from './credentialsPage.js';
import { formatTime, layout, type PageContext } from './layout.js';

export const STATE_ORDER: readonly DocumentState[] = ['received', 'queued', 'sending', 'sent', 'accepted', 'rejected', 'delivered', 'invalid'];

/** One context as the overview shows it: config, credential (never its value) and store facts together. */
export interface ContextView {
  readonly nip: string;
  readonly name?: string;
  readonly method: string;
  readonly credentialStatus?: string;
  readonly credentialReason?: string;
  /** What KSeF lets the credential do (InvoiceWrite, ...), as the vault recorded it. */
  readonly permissions?: readonly string[];
  readonly expiresAt?: string;
  readonly daysLeft?: number;
  readonly lastAuthenticatedAt?: string;
  readonly facts?: ContextFacts;
  readonly rateRoom?: number;
}

/** One purchase sync cursor (context and subject type) with the alert rule's verdict. */
export interface PurchaseSyncView extends SyncCursor {
  readonly behind: boolean;
}

export function overviewPage(p: PageContext, contexts: readonly ContextView[], ksefReachable: boolean | undefined, now: number,
  purchases?: readonly PurchaseSyncView[]): SafeHtml {
  const { t } = p;
  const reach = ksefReachable === undefined ? t('unknown') : ksefReachable ? t('reachable') : t('unreachable');
  const rows = contexts.map((c) => {
    const f = c.facts;
    const paused = f?.pausedReason !== undefined;
    const waiting = f?.oldestWaiting;
    return html`<tr data-context="${c.nip}">
<td>${c.nip}</td><td>${c.name ?? ''}</td>
<td>${c.method}${c.credentialStatus ? html` <span class="${c.credentialStatus === 'active' ? 'ok' : 'paused'}">(${c.credentialStatus}${c.credentialReason ? `: ${c.credentialReason}` : ''})</span>` : ''}${c.permissions?.length ? html`<br><small class="permissions">${c.permissions.join(', ')}</small>` : ''}</td>
<td class="expiry">${c.expiresAt ? html`${c.expiresAt.slice(0, 10)} <span class="${expiryClass(c.daysLeft)}">(${c.daysLeft} ${t('daysLeft')})</span>` : t('noExpiry')}</td>
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
<tbody>${countRows}</tbody></table>
<h2>${t('purchaseSync')}</h2>
${purchases === undefined ? html`<p>${t('off')}</p>` : html`<table class="purchases"><thead><tr><th>${t('context')}</th><th></th><th>${t('lastSync')}</th>
<th>${t('hwm')}</th><th>${t('count')}</th><th>${t('status')}</th></tr></thead><tbody>${purchases.map((x) => html`<tr data-context="${x.contextNip}" data-subject="${x.subjectType}">
<td>${x.contextNip}</td><td>${x.subjectType}</td><td>${x.lastSyncAt === null ? t('neverSynced') : formatTime(x.lastSyncAt)}</td><td>${x.hwm ?? t('none')}</td>
<td class="num">${x.received}</td><td class="status">${x.behind ? html`<span class="paused">${t('behind')}</span>${x.lastError ? `: ${x.lastError}` : ''}`
    : x.lastSyncAt === null ? t('neverSynced') : html`<span class="ok">${t('upToDate')}</span>`}</td></tr>`)}</tbody></table>`}`);
}
