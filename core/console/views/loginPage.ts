import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from './layout.js';

export function loginPage(p: PageContext, loginCsrf: string, failed: boolean): SafeHtml {
  return layout(p, p.t('signIn'), html`<form method="post" action="/console/login" class="login">
<input type="hidden" name="_csrf" value="${loginCsrf}">
<p><label>${p.t('username')}<br><input name="username" autocomplete="username" required maxlength="64" autofocus></label></p>
<p><label>${p.t('password')}<br><input name="password" type="password" autocomplete="current-password" required maxlength="1024"></label></p>
<p><button type="submit">${p.t('signIn')}</button></p></form>`, failed ? { kind: 'error', text: p.t('signInFailed') } : undefined);
}
