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

  it('is made whole again from the fields that cross a thread boundary (revive), and leaves other values alone', () => {
    const original = new GatewayError('GW_FA3_SCHEMA_INVALID', 'config', 'schema broken', { location: 'fa3/x.xsd' });
    // A worker's 'error' event keeps an Error's own fields; a message keeps what it is given as plain fields.
    const crossed = [Object.assign(new Error(original.message), { code: original.code, kind: original.kind, location: original.location }),
      structuredClone({ message: original.message, code: original.code, kind: original.kind, location: original.location })];
    for (const value of crossed) {
      expect(GatewayError.is(value)).toBe(false);
      const revived = GatewayError.revive(value);
      expect(GatewayError.is(revived, 'GW_FA3_SCHEMA_INVALID')).toBe(true);
      expect(revived).toMatchObject({ kind: 'config', message: 'schema broken', location: 'fa3/x.xsd' });
    }
    const plain = structuredClone(new Error('a bug'));
    expect(GatewayError.revive(plain)).toBe(plain);
    expect(GatewayError.revive(Object.assign(new Error('x'), { code: 'ENOENT' }))).not.toBeInstanceOf(GatewayError);
  });
});
