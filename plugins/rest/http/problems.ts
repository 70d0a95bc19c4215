/**
 * The API's problem types (RFC 9457): one stable `type` URI per gateway error code, with its HTTP status and title.
 * Clients branch on `type` (or the `code` member), never on `title` or `detail`.
 */
export const PROBLEMS = {
  GW_REST_BAD_REQUEST: { status: 400, title: 'The request cannot be read' },
  GW_REST_UNAUTHENTICATED: { status: 401, title: 'A valid API key is required' },
  GW_REST_FORBIDDEN: { status: 403, title: 'The API key\'s scope does not allow this' },
  GW_REST_CONTEXT_FORBIDDEN: { status: 403, title: 'The API key may not act for this context' },
  GW_REST_NOT_FOUND: { status: 404, title: 'No such resource' },
  GW_REST_UPO_NOT_AVAILABLE: { status: 404, title: 'The invoice has no UPO yet' },
  GW_REST_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  GW_REST_NOT_ACCEPTABLE: { status: 406, title: 'Not acceptable' },
  GW_REST_IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  GW_REST_NOT_FINAL: { status: 409, title: 'The invoice has no outcome to deliver yet' },
  GW_REST_WEBHOOK_IN_CONFIG: { status: 409, title: 'The webhook subscription is defined in the config file' },
  GW_REST_REQUEST_TIMEOUT: { status: 408, title: 'The request did not arrive in time' },
  GW_REST_PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  GW_REST_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported Content-Type' },
  GW_REST_INVALID_REQUEST: { status: 422, title: 'The request does not match the API schema' },
  GW_REST_INVALID_INVOICE: { status: 422, title: 'The invoice is not valid' },
  GW_REST_IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was used with a different request' },
  GW_REST_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  GW_REST_HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  GW_REST_INTERNAL: { status: 500, title: 'Internal error' },
  GW_REST_UNAVAILABLE: { status: 503, title: 'The gateway is stopping or its store is unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export const PROBLEM_TYPE_PREFIX = 'urn:ksef-gateway:problem:';

export function problemType(code: ProblemCode): string {
  return `${PROBLEM_TYPE_PREFIX}${code}`;
}

/** One located error inside a problem: an invoice field, a request field, or a whole-document fault. */
export interface ProblemError {
  readonly code: string;
  readonly message: string;
  /** RFC 6901 JSON pointer into the request body (JSON requests). */
  readonly pointer?: string;
  /** Path in the FA(3) XML (`/Faktura/Fa/FaWiersz[3]/P_12`), for XML bodies and for what the gateway built. */
  readonly xmlPath?: string;
}

/** Thrown by route code; the error handler turns it into `application/problem+json`. */
export class HttpProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly extra: { errors?: readonly ProblemError[]; headers?: Record<string, string>; members?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

/** The problem document itself. */
export function problemBody(code: ProblemCode, detail: string, instance: string, requestId: string,
  extra: HttpProblem['extra'] = {}): Record<string, unknown> {
  const { status, title } = PROBLEMS[code];
  return {
    type: problemType(code), title, status, detail, instance, code, requestId,
    ...(extra.errors ? { errors: extra.errors } : {}), ...extra.members,
  };
}
