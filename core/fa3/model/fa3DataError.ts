import { GatewayError } from '../../errors/GatewayError.js';

/**
 * A `data` GatewayError about one FA(3) document: the message names the document, the element path and the reason,
 * e.g. `FV/2026/1: Fa/FaWiersz[3]/P_11: "1,5" is not a decimal`.
 */
export function fa3DataError(code: string, documentName: string, location: string, reason: string, cause?: unknown): GatewayError {
  const where = location ? `${location}: ` : '';
  return new GatewayError(code, 'data', `${documentName}: ${where}${reason}`, {
    location,
    cause,
    details: { document: documentName },
  });
}
