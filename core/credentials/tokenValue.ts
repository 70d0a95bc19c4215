import { GatewayError } from '../errors/GatewayError.js';
import { SecretValue } from '../vault/SecretValue.js';

/** One token from what was typed or pasted: trimmed, not empty, no whitespace inside (the console's form uses it too). */
export function tokenValueFrom(text: string, from: string): SecretValue {
  const value = text.replace(/\r?\n$/, '').trim();
  if (!value) throw new GatewayError('GW_TOKEN_VALUE_EMPTY', 'config', `No token given (${from} is empty)`, { location: from });
  if (/\s/.test(value)) throw new GatewayError('GW_TOKEN_VALUE_FORMAT', 'config', `The token from ${from} contains whitespace; give exactly one token`, { location: from });
  return new SecretValue(value);
}
