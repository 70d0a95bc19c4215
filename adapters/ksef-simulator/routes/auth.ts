import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AUTH_TEXT, startAuthOperation, visibleAuthStatus } from '../auth/startAuthOperation.js';
import { decodeBase64, rsaOaepDecrypt } from '../crypto/simCrypto.js';
import { newReferenceNumber } from '../ids/SimIds.js';
import { paginate } from '../http/paginate.js';
import { parseBody } from '../http/parseBody.js';
import type { Router } from '../http/Router.js';
import { SimHttpError } from '../http/SimHttpError.js';
import type { SimRequest } from '../http/SimRequest.js';
import type { SimContext } from '../SimContext.js';
import type { AuthRecord, ChallengeRecord, StatusInfo, TokenRecord } from '../store/records.js';

const CHALLENGE_LIFETIME_MS = 10 * 60_000;
const contextIdentifier = z.object({ type: z.enum(['Nip', 'InternalId', 'NipVatUe', 'PeppolId']), value: z.string().min(1).max(64) });
const ksefTokenRequest = z.object({
  challenge: z.string().length(36),
  contextIdentifier,
  encryptedToken: z.string().min(1),
  publicKeyId: z.string().length(44).nullish(),
  authorizationPolicy: z.object({
    allowedIps: z.object({ ip4Addresses: z.array(z.string()).max(10).nullish(), ip4Ranges: z.array(z.string()).max(10).nullish(), ip4Masks: z.array(z.string()).max(10).nullish() }).nullish(),
  }).nullish(),
});

const noAuthorization = (ref: string, why: string): SimHttpError => SimHttpError.badRequest(21301, 'Brak autoryzacji.', [why.replace('{ref}', ref)]);

function authRecord(sim: SimContext, ref: string): AuthRecord {
  const rec = sim.store.get<AuthRecord>('auth', ref);
  if (!rec) {
    throw SimHttpError.badRequest(21304, 'Brak uwierzytelnienia.', [`Operacja uwierzytelniania o numerze referencyjnym ${ref} nie została znaleziona.`]);
  }
  return rec;
}

/** Decides the outcome of a KSeF-token authentication; failures go into the asynchronous status, not a 400. */
function tokenOutcome(sim: SimContext, challenge: ChallengeRecord, body: z.infer<typeof ksefTokenRequest>): { outcome: StatusInfo; token?: TokenRecord } {
  if (challenge.used || sim.now().getTime() - Date.parse(challenge.createdAt) > CHALLENGE_LIFETIME_MS) {
    return { outcome: AUTH_TEXT.badToken('Nieprawidłowe wyzwanie autoryzacyjne') };
  }
  let plain: string;
  try {
    plain = rsaOaepDecrypt(sim.keys.forUsage('KsefTokenEncryption').privateKey, decodeBase64(body.encryptedToken)!).toString('utf8');
  } catch {
    return { outcome: AUTH_TEXT.badToken('Nieprawidłowy token') };
  }
  const cut = plain.lastIndexOf('|');
  if (cut < 0) return { outcome: AUTH_TEXT.badToken('Nieprawidłowy token') };
  if (plain.slice(cut + 1) !== String(challenge.timestampMs)) return { outcome: AUTH_TEXT.badToken('Nieprawidłowy czas tokena') };
  const secret = plain.slice(0, cut);
  const token = sim.store.get<TokenRecord>('token', secret.split('|')[0]);
  if (!token || token.secretHash !== createHash('sha256').update(secret).digest('hex')) return { outcome: AUTH_TEXT.badToken('Nieprawidłowy token') };
  if (token.status === 'Revoked' || token.status === 'Revoking') return { outcome: AUTH_TEXT.badToken('Token unieważniony') };
  if (token.status !== 'Active') return { outcome: AUTH_TEXT.badToken('Token nieaktywny') };
  if (token.context.type !== body.contextIdentifier.type || token.context.value !== body.contextIdentifier.value) {
    return { outcome: AUTH_TEXT.badToken('Nieprawidłowy token') };
  }
  return { outcome: AUTH_TEXT.ok, token };
}

function statusBody(sim: SimContext, rec: AuthRecord): Record<string, unknown> {
  return {
    startDate: rec.startDate,
    authenticationMethod: rec.method,
    authenticationMethodInfo: rec.methodInfo,
    status: visibleAuthStatus(sim, rec),
    isTokenRedeemed: rec.redeemed,
    lastTokenRefreshDate: rec.lastTokenRefreshDate ?? null,
    refreshTokenValidUntil: rec.refreshTokenValidUntil ?? null,
  };
}

export function register(router: Router, sim: SimContext): void {
  router.add(
    {
      method: 'POST', path: '/v2/auth/challenge', auth: 'none', rate: 'public',
      handler: (req) => {
        const now = sim.now();
        const rec: ChallengeRecord = { challenge: newReferenceNumber('CR', now), timestampMs: now.getTime(), createdAt: now.toISOString(), used: false };
        sim.store.put('challenge', rec.challenge, rec);
        return { status: 200, json: { challenge: rec.challenge, timestamp: rec.createdAt, timestampMs: rec.timestampMs, clientIp: req.ip } };
      },
    },
    {
      method: 'POST', path: '/v2/auth/ksef-token', auth: 'none', rate: 'public',
      handler: async (req) => {
        const body = parseBody(req, ksefTokenRequest);
        const challenge = sim.store.get<ChallengeRecord>('challenge', body.challenge);
        if (!challenge) throw SimHttpError.badRequest(21111, 'Nieprawidłowe wyzwanie autoryzacyjne.');
        if (body.publicKeyId && body.publicKeyId !== sim.keys.forUsage('KsefTokenEncryption').publicKeyId) {
          throw SimHttpError.badRequest(21470, 'Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.', [`Klucz o identyfikatorze ${body.publicKeyId} nie jest wspierany.`]);
        }
        if (!decodeBase64(body.encryptedToken)) throw SimHttpError.invalid('encryptedToken: oczekiwano Base64.');
        const { outcome, token } = tokenOutcome(sim, challenge, body);
        sim.store.put('challenge', challenge.challenge, { ...challenge, used: true });
        if (token) sim.store.put('token', token.referenceNumber, { ...token, lastUseDate: sim.now().toISOString() }, { ctx: sim.contextKey(token.context) });
        const started = await startAuthOperation(sim, {
          method: 'Token', methodInfo: { category: 'Token', code: 'token.ksef', displayName: 'Token KSeF' },
          context: body.contextIdentifier, outcome, permissions: token?.permissions ?? [], tokenRef: token?.referenceNumber,
          allowedIps: body.authorizationPolicy?.allowedIps ?? undefined,
        });
        return { status: 202, json: started };
      },
    },
    {
      method: 'GET', path: '/v2/auth/{referenceNumber}', auth: 'authentication', rate: 'public',
      handler: (req) => {
        if (req.params.referenceNumber !== req.caller!.authRef) authRecord(sim, '');
        return { status: 200, json: statusBody(sim, authRecord(sim, req.params.referenceNumber)) };
      },
    },
    {
      method: 'POST', path: '/v2/auth/token/redeem', auth: 'authentication', rate: 'public',
      handler: async (req) => {
        const rec = authRecord(sim, req.caller!.authRef);
        if (visibleAuthStatus(sim, rec).code !== 200) throw noAuthorization(rec.referenceNumber, 'Status operacji uwierzytelniania {ref} nie pozwala na pobranie tokenów.');
        if (rec.redeemed) throw noAuthorization(rec.referenceNumber, 'Tokeny dla operacji uwierzytelniania {ref} zostały już pobrane.');
        assertTokenActive(sim, rec);
        const now = sim.now();
        const who = { authRef: rec.referenceNumber, contextType: rec.context.type, contextValue: rec.context.value, permissions: rec.permissions };
        const accessToken = await sim.jwt.issue('ContextToken', who, now);
        const refreshToken = await sim.jwt.issue('RefreshToken', who, now);
        sim.store.put('auth', rec.referenceNumber, { ...rec, redeemed: true, refreshTokenValidUntil: refreshToken.validUntil }, { ctx: sim.contextKey(rec.context) });
        return { status: 200, json: { accessToken, refreshToken } };
      },
    },
    {
      method: 'POST', path: '/v2/auth/token/refresh', auth: 'refresh', rate: 'public',
      handler: async (req) => {
        const rec = authRecord(sim, req.caller!.authRef);
        if (rec.revoked) throw noAuthorization(rec.referenceNumber, 'Uwierzytelnienie {ref} zostało unieważnione.');
        assertTokenActive(sim, rec);
        const now = sim.now();
        const accessToken = await sim.jwt.issue('ContextToken', {
          authRef: rec.referenceNumber, contextType: rec.context.type, contextValue: rec.context.value, permissions: rec.permissions,
        }, now);
        sim.store.put('auth', rec.referenceNumber, { ...rec, lastTokenRefreshDate: now.toISOString() }, { ctx: sim.contextKey(rec.context) });
        return { status: 200, json: { accessToken } };
      },
    },
    {
      method: 'GET', path: '/v2/auth/sessions', auth: 'access', rate: 'other',
      handler: (req) => {
        const caller = req.caller!;
        const items = sim.store.byCtx<AuthRecord>('auth', `${caller.contextType}:${caller.contextValue}`)
          .filter((a) => a.redeemed).reverse()
          .map((a) => ({ ...statusBody(sim, a), referenceNumber: a.referenceNumber, isCurrent: a.referenceNumber === caller.authRef }));
        const { page, continuationToken } = paginate(req, items, 10, 100);
        return { status: 200, json: { continuationToken: continuationToken ?? null, items: page } };
      },
    },
    {
      method: 'DELETE', path: '/v2/auth/sessions/current', auth: 'accessOrRefresh', rate: 'other',
      handler: (req) => revoke(sim, req, req.caller!.authRef),
    },
    {
      method: 'DELETE', path: '/v2/auth/sessions/{referenceNumber}', auth: 'access', rate: 'other',
      handler: (req) => revoke(sim, req, req.params.referenceNumber),
    },
  );
}

function assertTokenActive(sim: SimContext, rec: AuthRecord): void {
  if (!rec.tokenRef) return;
  const token = sim.store.get<TokenRecord>('token', rec.tokenRef);
  if (token?.status !== 'Active') throw noAuthorization(rec.referenceNumber, 'Token KSeF użyty w uwierzytelnieniu {ref} został unieważniony.');
}

function revoke(sim: SimContext, req: SimRequest, ref: string): { status: number } {
  const rec = authRecord(sim, ref);
  if (rec.context.value !== req.caller!.contextValue) authRecord(sim, '');
  sim.store.put('auth', rec.referenceNumber, { ...rec, revoked: true }, { ctx: sim.contextKey(rec.context) });
  return { status: 204 };
}
