/**
 * The one error class of the gateway. `kind` alone decides whether work is retried:
 * - `config`: fix the configuration, retrying does not help;
 * - `transient`: retry later (network, 5xx, 429);
 * - `data`: the document is wrong, report it to the ERP;
 * - `system`: a bug or a broken environment.
 */
export type ErrorKind = 'config' | 'transient' | 'data' | 'system';

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

  /** Works across copies of this package (a plugin may bundle its own). */
  static is(value: unknown, code?: string): value is GatewayError {
    const brand = typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
    return brand && (code === undefined || (value as GatewayError).code === code);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, kind: this.kind, message: this.message, location: this.location, details: this.details };
  }
}
