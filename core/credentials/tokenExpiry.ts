import { GatewayError } from '../errors/GatewayError.js';

const DAY = 86_400_000;

/**
 * A token's expiry as an operator gives it (`token add --expires`, the console's form): a date `YYYY-MM-DD` means
 * the end of that day in UTC (a token valid "until 31 January" still works on that day), or a full ISO 8601 time
 * with its offset. A time already past is refused: storing a token that no longer works would pause the context.
 */
export function parseTokenExpiry(text: string, now: Date, location = '--expires'): string {
  const value = text.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const at = dateOnly ? new Date(`${value}T23:59:59.999Z`)
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime()) || (dateOnly && at.toISOString().slice(0, 10) !== value)) {
    throw new GatewayError('GW_TOKEN_EXPIRY_FORMAT', 'config', `${location}: "${value.slice(0, 40)}" is not a date (YYYY-MM-DD) or an ISO 8601 time with offset`, { location });
  }
  if (at.getTime() <= now.getTime()) {
    throw new GatewayError('GW_TOKEN_EXPIRY_PAST', 'config', `${location}: ${at.toISOString()} is already past; a token that has expired cannot be used`, { location });
  }
  return at.toISOString();
}

/** Whole days until `expiresAt`, rounded down as for certificates (core/credentials/certificateExpiry); negative once past. */
export function daysUntil(expiresAt: string, now: Date): number {
  return Math.floor((new Date(expiresAt).getTime() - now.getTime()) / DAY);
}
