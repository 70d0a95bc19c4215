import { GatewayError } from '../errors/GatewayError.js';
import { KsefApiError } from '../ksef/errors/KsefApiError.js';

/** KSeF refused who we are (revoked or invalid token, missing permission), or no credential is stored. */
export function isCredentialFailure(e: unknown): boolean {
  if (!GatewayError.is(e)) return false;
  if (e.code === 'GW_PIPELINE_NO_CREDENTIAL' || e.code === 'GW_KSEF_AUTH_FAILED' || e.code === 'GW_KSEF_TOKEN_MISSING') return true;
  // A stored certificate that cannot be read or used (core/credentials): as unusable as a revoked token.
  if (e.code.startsWith('GW_CREDENTIALS_') && e.kind === 'config') return true;
  return KsefApiError.isApi(e) && (e.httpStatus === 401 || e.httpStatus === 403);
}
