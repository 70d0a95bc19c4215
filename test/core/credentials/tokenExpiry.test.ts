import { daysUntil, parseTokenExpiry } from '../../../core/credentials/tokenExpiry.js';
import { GatewayError } from '../../../core/errors/GatewayError.js';

describe('a token expiry as an operator gives it', () => {
  const now = new Date('2026-12-03T12:00:00Z');

  it('reads a date as the end of that day (UTC) and a time with its offset', () => {
    expect(parseTokenExpiry('2026-12-31', now)).toBe('2026-12-31T23:59:59.999Z');
    expect(parseTokenExpiry(' 2027-01-15T08:00+01:00 ', now)).toBe('2027-01-15T07:00:00.000Z');
    expect(daysUntil('2026-12-31T23:59:59.999Z', now)).toBe(28);
    expect(daysUntil('2026-12-01T00:00:00.000Z', now)).toBe(-3);
  });

  it('refuses what is not a date, a day that does not exist, a time without offset, and a time already past', () => {
    const code = (text: string): string | undefined => {
      try {
        parseTokenExpiry(text, now);
        return undefined;
      } catch (e) {
        return GatewayError.is(e) ? e.code : 'other';
      }
    };
    expect(code('31.12.2026')).toBe('GW_TOKEN_EXPIRY_FORMAT');
    expect(code('2026-02-30')).toBe('GW_TOKEN_EXPIRY_FORMAT');
    expect(code('2027-01-15T08:00')).toBe('GW_TOKEN_EXPIRY_FORMAT');
    expect(code('2026-12-02')).toBe('GW_TOKEN_EXPIRY_PAST');
    expect(code('2026-12-03T11:59:59Z')).toBe('GW_TOKEN_EXPIRY_PAST');
  });
});
