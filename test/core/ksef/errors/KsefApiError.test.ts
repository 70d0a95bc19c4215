import { GatewayError } from '../../../../core/errors/GatewayError.js';
import { KsefApiError } from '../../../../core/ksef/errors/KsefApiError.js';

const err = (httpStatus: number, codes: number[] = []) =>
  new KsefApiError({ httpStatus, method: 'POST', path: '/sessions/online', exceptionCodes: codes.map((code) => ({ code, description: `d${code}` })) });

describe('KsefApiError', () => {
  it.each([
    [429, 'GW_KSEF_RATE_LIMITED', 'transient'],
    [500, 'GW_KSEF_SERVER_ERROR', 'transient'],
    [503, 'GW_KSEF_SERVER_ERROR', 'transient'],
    [0, 'GW_KSEF_NETWORK', 'transient'],
    [401, 'GW_KSEF_UNAUTHORIZED', 'config'],
    [403, 'GW_KSEF_FORBIDDEN', 'config'],
    [400, 'GW_KSEF_BAD_REQUEST', 'data'],
  ] as const)('maps HTTP %i to %s (%s)', (status, code, kind) => {
    const e = err(status);
    expect(e.code).toBe(code);
    expect(e.kind).toBe(kind);
    expect(GatewayError.is(e, code)).toBe(true);
  });

  it('treats 21470 (withdrawn key) as transient: the same request works after fetching keys again', () => {
    expect(err(400, [21470]).kind).toBe('transient');
    expect(err(400, [21405]).kind).toBe('data');
  });

  it('keeps KSeF exception codes and puts them into message and JSON', () => {
    const e = err(400, [21405, 21155]);
    expect(e.hasCode(21155)).toBe(true);
    expect(e.message).toContain('21405 d21405');
    expect(JSON.stringify(e)).toContain('"exceptionCodes":[21405,21155]');
  });
});
