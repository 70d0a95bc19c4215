import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Caller } from '../http/SimRequest.js';
import { SimHttpError } from '../http/SimHttpError.js';

export type TokenKind = Caller['tokenType'];

/** Lifetimes observed on KSeF TEST (PROTOCOL.md §4.5, §4.7). */
export const LIFETIME_MS: Record<TokenKind, number> = {
  AuthenticationToken: 45 * 60_000,
  ContextToken: 15 * 60_000,
  RefreshToken: 7 * 24 * 3600_000,
};

const ISSUER = 'ksef-api-sim';

/** HS256 JWTs with the short claim names of real KSeF tokens (typ, arn, cit, civ, per). */
export class SimJwt {
  constructor(private readonly secret: Uint8Array) {}

  static newSecret(): string {
    return randomBytes(32).toString('base64');
  }

  async issue(kind: TokenKind, caller: Omit<Caller, 'tokenType'>, now: Date, lifetimeMs = LIFETIME_MS[kind]): Promise<{ token: string; validUntil: string }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = Math.floor((now.getTime() + lifetimeMs) / 1000);
    const claims: Record<string, unknown> = { typ: kind, arn: caller.authRef, jti: randomBytes(8).toString('hex') };
    if (kind === 'ContextToken') Object.assign(claims, { cit: caller.contextType, civ: caller.contextValue, per: JSON.stringify(caller.permissions) });
    else Object.assign(claims, { cit: caller.contextType, civ: caller.contextValue });
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat).setExpirationTime(exp).setIssuer(ISSUER).setAudience(ISSUER).sign(this.secret);
    return { token, validUntil: new Date(exp * 1000).toISOString() };
  }

  /** Verifies signature, expiry and type; any failure is a 401. */
  async verify(token: string, accepted: readonly TokenKind[], now: Date): Promise<Caller> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, audience: ISSUER, currentDate: now, algorithms: ['HS256'] }));
    } catch {
      throw SimHttpError.unauthorized('Nieprawidłowy lub wygasły token.');
    }
    const typ = payload.typ as TokenKind;
    if (!accepted.includes(typ)) throw SimHttpError.unauthorized(`Token typu ${typ} nie jest akceptowany przez tę operację.`);
    return {
      tokenType: typ,
      authRef: String(payload.arn),
      contextType: String(payload.cit),
      contextValue: String(payload.civ),
      permissions: permissionsClaim(payload.per),
      jti: String(payload.jti),
    };
  }
}

/** `per` is a JSON array of strings inside a string claim; anything else is a token this simulator never issued. */
function permissionsClaim(per: unknown): string[] {
  if (per === undefined) return [];
  let parsed: unknown;
  try {
    parsed = typeof per === 'string' ? JSON.parse(per) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw SimHttpError.unauthorized('Nieprawidłowe uprawnienia w tokenie.');
  return parsed;
}
