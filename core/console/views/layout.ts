import { html, type SafeHtml } from '../html.js';
import { LANGS, type Lang, type Translate } from '../i18n.js';
import type { ConsoleSession } from '../ports/ConsoleStore.js';

export interface PageContext {
  readonly t: Translate;
  readonly lang: Lang;
  readonly session?: ConsoleSession;
  /** The request's path and query, for the language switch to come back to. */
  readonly path: string;
}

const NAV = [['/console', 'overview'], ['/console/documents', 'documents'], ['/console/failures', 'failures'],
  ['/console/credentials', 'credentials'], ['/console/audit', 'audit']] as const;

export function formatTime(ms: number | undefined): string {
  return ms === undefined ? '' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Every page: local stylesheet only, no script, no external resource (the CSP forbids them too). */
export function layout(p: PageContext, title: string, body: SafeHtml, notice?: { kind: 'ok' | 'error'; text: string }): SafeHtml {
  const back = encodeURIComponent(p.path);
  return html`<!doctype html>
<html lang="${p.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${p.t('title')}</title><link rel="stylesheet" href="/console/static/console.css"></head>
<body><header><strong>${p.t('title')}</strong>
${p.session ? html`<nav>${NAV.map(([href, key]) => html`<a href="${href}">${p.t(key)}</a>`)}</nav>` : ''}
<span class="lang">${LANGS.map((l) => (l === p.lang ? html`<b>${l.toUpperCase()}</b>` : html`<a href="/console/lang/${l}?back=${back}">${l.toUpperCase()}</a>`))}</span>
${p.session ? html`<form method="post" action="/console/logout" class="inline"><input type="hidden" name="_csrf" value="${p.session.csrf}">
<span class="who">${p.session.username} (${p.session.role})</span> <button type="submit">${p.t('signOut')}</button></form>` : ''}
</header>
<main><h1>${title}</h1>
${notice ? html`<p class="notice ${notice.kind}" role="status">${notice.text}</p>` : ''}
${body}</main></body></html>`;
}

/** A POST form button carrying the session's CSRF token. */
export function actionButton(p: PageContext, action: string, label: string, extra?: SafeHtml): SafeHtml {
  return html`<form method="post" action="${action}" class="inline"><input type="hidden" name="_csrf" value="${p.session?.csrf ?? ''}">${extra ?? ''}<button type="submit">${label}</button></form>`;
}

export const CSS = `
body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header{display:flex;gap:1.5em;align-items:center;padding:.6em 1em;background:#1f3a5f;color:#fff;flex-wrap:wrap}
header a{color:#dfe9ff;margin-right:1em}header .lang a,header .lang b{margin-right:.4em}
header form.inline{margin-left:auto}.who{margin-right:.5em}
main{padding:1em 1.5em}table{border-collapse:collapse;margin:.5em 0 1.5em;background:#fff}
th,td{border:1px solid #ccd;padding:.3em .6em;text-align:left;vertical-align:top;font-size:.92em}th{background:#eef2f8}
.paused{color:#b00020;font-weight:bold}.ok{color:#0a6b2b}.warn{color:#9a6700}
.notice{padding:.6em 1em;border-radius:4px}.notice.ok{background:#e3f5e8}.notice.error{background:#fde7ea;color:#8a0015}
form.inline{display:inline}form.search label{display:inline-block;margin:0 1em .5em 0}
pre{background:#fff;border:1px solid #ccd;padding:.8em;overflow:auto;max-height:40em;font-size:.85em}
textarea{width:100%;font-family:monospace}.num{text-align:right}
`;
