import { newReferenceNumber } from '../ids/SimIds.js';
import type { SimContext } from '../SimContext.js';
import type { AuthRecord, ContextId, StatusInfo } from '../store/records.js';

export const AUTH_TEXT = {
  inProgress: { code: 100, description: 'Uwierzytelnianie w toku' },
  ok: { code: 200, description: 'Uwierzytelnianie zakończone sukcesem' },
  noPermissions: { code: 415, description: 'Uwierzytelnianie zakończone niepowodzeniem', details: ['Brak przypisanych uprawnień'] },
  revoked: { code: 425, description: 'Uwierzytelnienie unieważnione', details: ['Uwierzytelnienie i powiązane refresh tokeny zostały unieważnione przez użytkownika'] },
  badToken: (detail: string): StatusInfo => ({ code: 450, description: 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu', details: [detail] }),
  badCertificate: (detail: string): StatusInfo => ({ code: 460, description: 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu', details: [detail] }),
  cancelled: { code: 550, description: 'Operacja została anulowana przez system', details: ['Przetwarzanie zostało przerwane z przyczyn wewnętrznych systemu. Spróbuj ponownie'] },
  blocked: { code: 480, description: 'Uwierzytelnienie zablokowane', details: ['Podejrzenie incydentu bezpieczeństwa. Skontaktuj się z Ministerstwem Finansów przez formularz zgłoszeniowy.'] },
} satisfies Record<string, StatusInfo | ((detail: string) => StatusInfo)>;

export interface AuthStart {
  method: AuthRecord['method'];
  methodInfo: AuthRecord['methodInfo'];
  context: ContextId;
  /** The outcome decided now; callers see 100 until the processing delay has passed. */
  outcome: StatusInfo;
  permissions: string[];
  tokenRef?: string;
  authDocumentHash?: string;
  allowedIps?: AuthRecord['allowedIps'];
}

/**
 * Creates an asynchronous authentication operation and its operation token (the 202 of `/auth/ksef-token` and
 * `/auth/xades-signature`). XAdES authentication (adapters/ksef-simulator/xades) uses it too.
 */
export async function startAuthOperation(sim: SimContext, a: AuthStart): Promise<{ referenceNumber: string; authenticationToken: { token: string; validUntil: string } }> {
  const now = sim.now();
  const blocked = sim.subject(a.context.value).blocked;
  const rate = sim.faults.authCancelledRate ?? 0;
  const cancelled = rate > 0 && (sim.faults.random ?? Math.random)() < rate;
  const outcome = blocked ? AUTH_TEXT.blocked : cancelled ? AUTH_TEXT.cancelled
    : a.outcome.code === 200 && a.permissions.length === 0 ? AUTH_TEXT.noPermissions : a.outcome;
  const rec: AuthRecord = {
    referenceNumber: newReferenceNumber('AU', now),
    startDate: now.toISOString(),
    method: a.method,
    methodInfo: a.methodInfo,
    context: a.context,
    outcome,
    readyAt: sim.later(sim.processingDelayMs()),
    permissions: a.permissions,
    tokenRef: a.tokenRef,
    authDocumentHash: a.authDocumentHash,
    allowedIps: a.allowedIps,
    redeemed: false,
    revoked: false,
  };
  sim.store.put('auth', rec.referenceNumber, rec, { ctx: sim.contextKey(a.context) });
  const authenticationToken = await sim.jwt.issue('AuthenticationToken', {
    authRef: rec.referenceNumber, contextType: a.context.type, contextValue: a.context.value, permissions: [],
  }, now);
  return { referenceNumber: rec.referenceNumber, authenticationToken };
}

export function visibleAuthStatus(sim: SimContext, rec: AuthRecord): StatusInfo {
  if (rec.revoked) return AUTH_TEXT.revoked;
  return sim.isDue(rec.readyAt) ? rec.outcome : AUTH_TEXT.inProgress;
}
