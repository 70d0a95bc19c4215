import { GatewayError } from '../../core/errors/GatewayError.js';

/** The GatewayError `fn` throws; anything else (or nothing) fails the test. */
export function thrownGatewayError(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (e) {
    if (GatewayError.is(e)) return e;
    throw e;
  }
  throw new Error('expected a GatewayError');
}
