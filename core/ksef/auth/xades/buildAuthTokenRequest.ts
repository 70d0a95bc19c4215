import type { ContextIdentifier } from '../../types/ContextIdentifier.js';

export const AUTH_TOKEN_NS = 'http://ksef.mf.gov.pl/auth/token/2.0';

export type SubjectIdentifierType = 'certificateSubject' | 'certificateFingerprint';

export interface AuthTokenRequestInput {
  readonly challenge: string;
  readonly contextIdentifier: ContextIdentifier;
  /** `certificateSubject`: NIP/PESEL from the certificate; `certificateFingerprint`: its SHA-256 (PROTOCOL.md §4.4). */
  readonly subjectIdentifierType: SubjectIdentifierType;
  readonly allowedIps?: { readonly ip4Addresses?: readonly string[]; readonly ip4Ranges?: readonly string[]; readonly ip4Masks?: readonly string[] };
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The unsigned `AuthTokenRequest` (schemas/auth/schemat_auth_v2-0.xsd), in XSD element order. */
export function buildAuthTokenRequest(input: AuthTokenRequestInput): string {
  const { challenge, contextIdentifier: ctx, subjectIdentifierType, allowedIps } = input;
  const parts = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<AuthTokenRequest xmlns="${AUTH_TOKEN_NS}">`,
    `<Challenge>${escape(challenge)}</Challenge>`,
    `<ContextIdentifier><${ctx.type}>${escape(ctx.value)}</${ctx.type}></ContextIdentifier>`,
    `<SubjectIdentifierType>${subjectIdentifierType}</SubjectIdentifierType>`,
  ];
  if (allowedIps) {
    const list = (tag: string, values: readonly string[] = []): string => values.map((v) => `<${tag}>${escape(v)}</${tag}>`).join('');
    parts.push('<AuthorizationPolicy><AllowedIps>',
      list('Ip4Address', allowedIps.ip4Addresses), list('Ip4Range', allowedIps.ip4Ranges), list('Ip4Mask', allowedIps.ip4Masks),
      '</AllowedIps></AuthorizationPolicy>');
  }
  parts.push('</AuthTokenRequest>');
  return parts.join('');
}
