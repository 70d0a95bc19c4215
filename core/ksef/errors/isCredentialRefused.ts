import { GatewayError } from '../../errors/GatewayError.js';
import { KsefApiError } from './KsefApiError.js';

/**
 * Authentication statuses that are KSeF's definite refusal of who we are (PROTOCOL.md §4.6): no permission (415),
 * authentication revoked (425), bad, revoked or inactive token (450), certificate refused (460), deceased person
 * (470), context blocked (480). 100 (still running), 500 (unknown error) and 550 (cancelled by the system) are not:
 * trying again later may succeed.
 */
const REFUSALS = new Set([415, 425, 450, 460, 470, 480]);

/**
 * The one classifier of credential errors, used by `token add` and by the pipeline alike: true only when KSeF
 * definitely refused the credential, so that a transient failure never marks a token invalid or pauses a context.
 */
export function isCredentialRefused(e: unknown): boolean {
  if (!GatewayError.is(e)) return false;
  if (e.code === 'GW_KSEF_AUTH_FAILED') return REFUSALS.has(Number(e.details?.statusCode));
  return KsefApiError.isApi(e) && (e.httpStatus === 401 || e.httpStatus === 403);
}
