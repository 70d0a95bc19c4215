import { html, type SafeHtml } from '../html.js';
import { layout, type PageContext } from './layout.js';

export function loginPage(p: PageContext, loginCsrf: string, failed: boolean, oidcLabel?: string): SafeHtml {
  return layout(p, p.t('signIn'), html`${oidcLabel ? html`<p class="oidc"><a class="button" href="/console/login/oidc">${p.t('signInWith')} ${oidcLabel}</a></p>` : ''}
<form method="post" action="/console/login" class="login">
<input type="hidden" name="_csrf" value="${loginCsrf}">
<p><label>${p.t('username')}<br><input name="username" autocomplete="username" required maxlength="64" autofocus></label></p>
<p><label>${p.t('password')}<br><input name="password" type="password" autocomplete="current-password" required maxlength="1024"></label></p>
<p><button type="submit">${p.t('signIn')}</button></p></form>`, failed ? { kind: 'error', text: p.t('signInFailed') } : undefined);
}

/** After the identity provider's sign-in: the console opens by a refresh of its own (see ConsoleServer). */
export function signedInPage(p: PageContext): SafeHtml {
  return html`<!doctype html>
<html lang="${p.lang}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/console"><title>${p.t('title')}</title>
<link rel="stylesheet" href="/console/static/console.css"></head><body><main><p><a href="/console">${p.t('continue')}</a></p></main></body></html>`;
}
