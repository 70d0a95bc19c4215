import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from './layout.js';

/**
 * The paste-once form. The token field is a password field that the server never fills: after an error the page
 * comes back with the context and the date kept and the token empty, so the value is in no page the console sends.
 */
export function tokenFormPage(p: PageContext, contexts: readonly { nip: string; name?: string }[], kept: { nip?: string; expires?: string },
  notice?: { kind: 'ok' | 'error'; text: string }): SafeHtml {
  const { t } = p;
  return layout(p, t('addToken'), html`<p>${t('tokenAddHelp')}</p>
<form method="post" action="/console/credentials/token" class="token-add" autocomplete="off">
<input type="hidden" name="_csrf" value="${p.session?.csrf ?? ''}">
<p><label>${t('context')}<br><select name="nip" required>${contexts.map((c) =>
    html`<option value="${c.nip}"${c.nip === kept.nip ? html` selected` : ''}>${c.nip}${c.name ? ` — ${c.name}` : ''}</option>`)}</select></label></p>
<p><label>${t('tokenValue')}<br><input name="token" type="password" required maxlength="1000" size="80" autocomplete="new-password" spellcheck="false"></label></p>
<p><label>${t('validUntil')}<br><input name="expires" type="date" value="${kept.expires ?? ''}"></label></p>
<p><button type="submit">${t('store')}</button></p></form>`, notice);
}
