import { GatewayError } from '../../errors/GatewayError.js';
import type { StatusInfo } from '../types/StatusInfo.js';
import { withExplanation } from './ksefExplanations.js';

/** Authentication ended with a failure status (PROTOCOL.md §4.6): 415 no permissions, 450 bad/revoked token, ... */
export class KsefAuthError extends GatewayError {
  readonly status: StatusInfo;
  readonly authReferenceNumber: string;

  constructor(authReferenceNumber: string, status: StatusInfo) {
    const transient = status.code === 500 || status.code === 550 || status.code === 100;
    super(
      status.code === 100 ? 'GW_KSEF_AUTH_TIMEOUT' : 'GW_KSEF_AUTH_FAILED',
      transient ? 'transient' : 'config',
      `KSeF authentication ${authReferenceNumber} failed: ${status.code} ${withExplanation('auth-status', status.code, `${status.description}${status.details?.length ? ` (${status.details.join('; ')})` : ''}`)}`,
      { details: { authReferenceNumber, statusCode: status.code } },
    );
    this.name = 'KsefAuthError';
    this.status = status;
    this.authReferenceNumber = authReferenceNumber;
  }
}
