import { withExplanation } from './ksefExplanations.js';
import { GatewayError, type ErrorKind } from '../../errors/GatewayError.js';

/** One KSeF exception (`errors[]` of problem details or `exceptionDetailList` of the legacy format). */
export interface KsefExceptionCode {
  readonly code: number;
  readonly description: string;
  readonly details?: readonly string[];
}

export interface KsefApiErrorInit {
  readonly httpStatus: number;
  readonly method: string;
  /** Path without query string; never a pre-signed URL's signature. */
  readonly path: string;
  readonly exceptionCodes?: readonly KsefExceptionCode[];
  /** The parsed problem-details or legacy body. */
  readonly problem?: Record<string, unknown>;
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/** KSeF codes after which the same request can succeed (after refreshing keys, or later). */
const TRANSIENT_CODES = new Set([21470]);

function kindOf(status: number, codes: readonly KsefExceptionCode[]): ErrorKind {
  if (status === 0 || status === 429 || status >= 500 || status === 408) return 'transient';
  if (codes.some((c) => TRANSIENT_CODES.has(c.code))) return 'transient';
  if (status === 401 || status === 403) return 'config';
  return 'data';
}

function codeOf(status: number): string {
  if (status === 0) return 'GW_KSEF_NETWORK';
  if (status === 429) return 'GW_KSEF_RATE_LIMITED';
  if (status >= 500) return 'GW_KSEF_SERVER_ERROR';
  if (status === 401) return 'GW_KSEF_UNAUTHORIZED';
  if (status === 403) return 'GW_KSEF_FORBIDDEN';
  if (status === 410) return 'GW_KSEF_GONE';
  if (status === 404) return 'GW_KSEF_NOT_FOUND';
  return 'GW_KSEF_BAD_REQUEST';
}

/** A non-2xx answer from KSeF (or no answer: httpStatus 0), with KSeF's exception codes kept. */
export class KsefApiError extends GatewayError {
  readonly httpStatus: number;
  readonly exceptionCodes: readonly KsefExceptionCode[];
  readonly problem?: Record<string, unknown>;
  readonly retryAfterMs?: number;

  constructor(init: KsefApiErrorInit) {
    const codes = init.exceptionCodes ?? [];
    const summary = codes.length > 0
      ? codes.map((c) => `${c.code} ${withExplanation('exception', c.code, `${c.description}${c.details?.length ? ` (${c.details.join('; ')})` : ''}`)}`).join(', ')
      : typeof init.problem?.detail === 'string' ? init.problem.detail : init.httpStatus === 0 ? 'no response' : `HTTP ${init.httpStatus}`;
    super(codeOf(init.httpStatus), kindOf(init.httpStatus, codes), `KSeF ${init.method} ${init.path}: ${summary}`, {
      cause: init.cause,
      location: `${init.method} ${init.path}`,
      details: { httpStatus: init.httpStatus, exceptionCodes: codes.map((c) => c.code) },
    });
    this.name = 'KsefApiError';
    this.httpStatus = init.httpStatus;
    this.exceptionCodes = codes;
    this.problem = init.problem;
    this.retryAfterMs = init.retryAfterMs;
  }

  hasCode(code: number): boolean {
    return this.exceptionCodes.some((c) => c.code === code);
  }

  static isApi(value: unknown): value is KsefApiError {
    return GatewayError.is(value) && typeof (value as KsefApiError).httpStatus === 'number';
  }
}
