import { GatewayError } from '../../../core/errors/GatewayError.js';

describe('GatewayError', () => {
  it('is recognised by brand, not by class identity, and by code', () => {
    const err = new GatewayError('GW_TEST_PROBLEM', 'data', 'bad', { location: 'Fa/P_2' });
    const lookalike = Object.assign(new Error('x'), { [Symbol.for('ksef-gateway/GatewayError')]: true, code: 'GW_OTHER' });
    expect(GatewayError.is(err)).toBe(true);
    expect(GatewayError.is(err, 'GW_TEST_PROBLEM')).toBe(true);
    expect(GatewayError.is(err, 'GW_OTHER')).toBe(false);
    expect(GatewayError.is(lookalike)).toBe(true);
    expect(GatewayError.is(new Error('plain'))).toBe(false);
  });

  it('keeps the native cause', () => {
    const cause = new Error('root');
    expect(new GatewayError('GW_X', 'system', 'wrapped', { cause }).cause).toBe(cause);
  });
});
