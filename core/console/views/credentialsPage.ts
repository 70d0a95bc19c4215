import { html, type SafeHtml } from '../html.js';
import { actionButton, layout, type PageContext } from './layout.js';

export interface CredentialView {
  readonly nip: string;
  readonly kind: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly ksefStatus?: string;
  readonly referenceNumber?: string;
  readonly permissions: readonly string[];
  readonly expiresAt?: string;
  readonly daysLeft?: number;
  readonly lastAuthenticatedAt?: string;
  readonly subject?: string;
  readonly inUse: boolean;
}

/** Red from 7 days left, amber from 30 (the expiry alerts' levels). */
export function expiryClass(daysLeft: number | undefined): string {
  return (daysLeft ?? 99) <= 7 ? 'paused' : (daysLeft ?? 99) <= 30 ? 'warn' : '';
}

/** Status and expiry of every credential, with the actions that need no secret in the browser. */
export function credentialsPage(p: PageContext, creds: readonly CredentialView[], notice?: { kind: 'ok' | 'error'; text: string }, canAddToken = false): SafeHtml {
  const { t } = p;
  const operator = p.session?.role === 'operator';
  return layout(p, t('credentials'), html`<table class="credentials"><thead><tr><th>${t('context')}</th><th>${t('method')}</th><th>${t('status')}</th>
<th>KSeF</th><th>${t('permissions')}</th><th>${t('expiry')}</th><th>${t('lastAuth')}</th>${operator ? html`<th>${t('actions')}</th>` : ''}</tr></thead><tbody>
${creds.map((c) => html`<tr data-context="${c.nip}"><td>${c.nip}</td><td>${c.kind}${c.inUse ? ' ✓' : ''}${c.referenceNumber ? html`<br><small>${c.referenceNumber}</small>` : ''}${c.subject ? html`<br><small>${c.subject}</small>` : ''}</td>
<td class="${c.status === 'active' ? 'ok' : 'paused'}">${c.status}${c.statusReason ? `: ${c.statusReason}` : ''}</td><td>${c.ksefStatus ?? ''}</td>
<td>${c.permissions.join(', ')}</td><td class="expiry">${c.expiresAt ? html`${c.expiresAt.slice(0, 10)} <span class="${expiryClass(c.daysLeft)}">(${c.daysLeft} ${t('daysLeft')})</span>` : t('noExpiry')}</td>
<td>${c.lastAuthenticatedAt ?? t('notRecorded')}</td>
${operator ? html`<td>${actionButton(p, `/console/credentials/${c.nip}/${c.kind}/check`, t('checkNow'))}
${c.status === 'active' ? actionButton(p, `/console/credentials/${c.nip}/${c.kind}/revoke`, t('revoke'),
    html`<label><input type="checkbox" name="confirm" value="yes" required> ${t('revokeConfirm')}</label> `) : ''}</td>` : ''}</tr>`)}
</tbody></table><p>${t('tokenAddCli')}</p>
${operator && canAddToken ? html`<p><a class="button" href="/console/credentials/token/new">${t('addToken')}</a></p>` : ''}`, notice);
}
