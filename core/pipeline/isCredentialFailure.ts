import { GatewayError } from '../errors/GatewayError.js';
import { isCredentialRefused } from '../ksef/errors/isCredentialRefused.js';

/**
 * KSeF definitely refused who we are (isCredentialRefused: revoked or invalid token, missing permission, blocked
 * context, refused certificate), or no usable credential is stored. Transient auth failures are not.
 */
export function isCredentialFailure(e: unknown): boolean {
  if (!GatewayError.is(e)) return false;
  if (e.code === 'GW_PIPELINE_NO_CREDENTIAL' || e.code === 'GW_KSEF_TOKEN_MISSING') return true;
  // A stored certificate that cannot be read or used (core/credentials): as unusable as a revoked token.
  if (e.code.startsWith('GW_CREDENTIALS_') && e.kind === 'config') return true;
  return isCredentialRefused(e);
}
