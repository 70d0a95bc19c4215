import { XadesRejection } from './XadesRejection.js';

const NAMESPACES = new Set(['http://ksef.mf.gov.pl/auth/token/2.0', 'http://ksef.mf.gov.pl/auth/token/2.1']);
const CHALLENGE = /^\d{8}-CR-[A-F0-9]{10}-[A-F0-9]{10}-[A-F0-9]{2}$/;
const NIP = '[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}';
const CONTEXT_PATTERNS: Record<string, RegExp> = {
  Nip: new RegExp(`^${NIP}$`),
  InternalId: new RegExp(`^${NIP}-\\d{5}$`),
  NipVatUe: new RegExp(`^${NIP}-[A-Z]{2}[A-Za-z0-9+*]{2,12}$`),
  PeppolId: /^P[A-Z]{2}[0-9]{6}$/,
};

export interface AuthTokenRequestData {
  readonly challenge: string;
  readonly context: { readonly type: 'Nip' | 'InternalId' | 'NipVatUe' | 'PeppolId'; readonly value: string };
  readonly subjectIdentifierType: 'certificateSubject' | 'certificateFingerprint';
}

const childElements = (el: Element): Element[] =>
  Array.from(el.childNodes as unknown as ArrayLike<Node>).filter((n): n is Element => n.nodeType === 1);

/**
 * Checks the AuthTokenRequest against the shape of schemat_auth_v2-0/2-1.xsd (element order, patterns,
 * enumerations) and returns its values. The XSD's ds:Signature is outside its sequence, so it is skipped.
 */
export function readAuthTokenRequest(root: Element): AuthTokenRequestData {
  if (root.localName !== 'AuthTokenRequest' || !NAMESPACES.has(root.namespaceURI ?? '')) {
    throw new XadesRejection(9101, `root element {${root.namespaceURI ?? ''}}${root.localName} is not an AuthTokenRequest`);
  }
  const children = childElements(root).filter((e) => NAMESPACES.has(e.namespaceURI ?? ''));
  const names = children.map((e) => e.localName);
  const expected = ['Challenge', 'ContextIdentifier', 'SubjectIdentifierType'];
  if (names.slice(0, 3).join() !== expected.join() || names.length > 4 || (names.length === 4 && names[3] !== 'AuthorizationPolicy')) {
    throw new XadesRejection(21401, `expected ${expected.join(', ')}[, AuthorizationPolicy]; found ${names.join(', ') || 'nothing'}`);
  }
  const challenge = (children[0].textContent ?? '').trim();
  if (!CHALLENGE.test(challenge)) throw new XadesRejection(21401, 'Challenge does not match its pattern');
  const ctx = childElements(children[1]);
  if (ctx.length !== 1 || !(ctx[0].localName in CONTEXT_PATTERNS)) {
    throw new XadesRejection(21401, 'ContextIdentifier must hold one of Nip, InternalId, NipVatUe, PeppolId');
  }
  const type = ctx[0].localName as AuthTokenRequestData['context']['type'];
  const value = (ctx[0].textContent ?? '').trim();
  if (!CONTEXT_PATTERNS[type].test(value)) throw new XadesRejection(21401, `ContextIdentifier/${type} does not match its pattern`);
  const subject = (children[2].textContent ?? '').trim();
  if (subject !== 'certificateSubject' && subject !== 'certificateFingerprint') {
    throw new XadesRejection(21401, 'SubjectIdentifierType must be certificateSubject or certificateFingerprint');
  }
  return { challenge, context: { type, value }, subjectIdentifierType: subject };
}
