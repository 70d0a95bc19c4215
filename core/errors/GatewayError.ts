/**
 * The one error class of the gateway. `kind` alone decides whether work is retried:
 * - `config`: fix the configuration, retrying does not help;
 * - `transient`: retry later (network, 5xx, 429);
 * - `data`: the document is wrong, report it to the ERP;
 * - `system`: a bug or a broken environment.
 */
const ERROR_KINDS = ['config', 'transient', 'data', 'system'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const BRAND = Symbol.for('ksef-gateway/GatewayError');

export interface GatewayErrorOptions {
  cause?: unknown;
  /** Where the problem is, e.g. a document id, a config key or `Fa/FaWiersz[3]/P_12`. */
  location?: string;
  /** Extra structured detail, never a secret. */
  details?: Record<string, unknown>;
}

export class GatewayError extends Error {
  readonly [BRAND] = true;
  readonly code: string;
  readonly kind: ErrorKind;
  readonly location?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: string, kind: ErrorKind, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.kind = kind;
    this.location = options.location;
    this.details = options.details;
  }

  /**
   * A GatewayError that crossed a thread boundary made whole again: structured cloning keeps its code, kind and
   * message but neither its class nor its brand. Anything else is returned as it is.
   */
  static revive(value: unknown): unknown {
    if (GatewayError.is(value) || typeof value !== 'object' || value === null) return value;
    const v = value as { code?: unknown; kind?: unknown; message?: unknown; location?: unknown; details?: unknown };
    if (typeof v.code !== 'string' || typeof v.message !== 'string' || !(ERROR_KINDS as readonly unknown[]).includes(v.kind)) return value;
    return new GatewayError(v.code, v.kind as ErrorKind, v.message, {
      cause: (value as { cause?: unknown }).cause,
      location: typeof v.location === 'string' ? v.location : undefined,
      details: typeof v.details === 'object' && v.details !== null ? v.details as Record<string, unknown> : undefined,
    });
  }

  /** Works across copies of this package (a plugin may bundle its own). */
  static is(value: unknown, code?: string): value is GatewayError {
    const brand = typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
    return brand && (code === undefined || (value as GatewayError).code === code);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, kind: this.kind, message: this.message, location: this.location, details: this.details };
  }
}
