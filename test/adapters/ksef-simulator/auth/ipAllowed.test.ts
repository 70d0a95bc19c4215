import { ipAllowed } from '../../../../adapters/ksef-simulator/auth/ipAllowed.js';

describe('ipAllowed', () => {
  it('allows everyone without a policy or with empty lists', () => {
    expect(ipAllowed(undefined, '8.8.8.8')).toBe(true);
    expect(ipAllowed({ ip4Addresses: [] }, '8.8.8.8')).toBe(true);
  });

  it('matches single addresses, ranges and CIDR masks, also IPv4-mapped IPv6', () => {
    expect(ipAllowed({ ip4Addresses: ['192.168.0.10'] }, '::ffff:192.168.0.10')).toBe(true);
    expect(ipAllowed({ ip4Ranges: ['10.0.0.1-10.0.0.9'] }, '10.0.0.5')).toBe(true);
    expect(ipAllowed({ ip4Ranges: ['10.0.0.1-10.0.0.9'] }, '10.0.0.10')).toBe(false);
    expect(ipAllowed({ ip4Masks: ['172.16.0.0/12'] }, '172.31.255.1')).toBe(true);
    expect(ipAllowed({ ip4Masks: ['172.16.0.0/12'] }, '172.32.0.1')).toBe(false);
    expect(ipAllowed({ ip4Masks: ['0.0.0.0/0'] }, '1.2.3.4')).toBe(true);
  });

  it('refuses addresses it cannot read when a policy is set', () => {
    expect(ipAllowed({ ip4Addresses: ['1.2.3.4'] }, '::1')).toBe(false);
  });
});
