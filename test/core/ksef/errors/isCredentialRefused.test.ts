import { isCredentialRefused } from '../../../../core/ksef/errors/isCredentialRefused.js';
import { KsefAuthError } from '../../../../core/ksef/errors/KsefAuthError.js';
import { KsefApiError } from '../../../../core/ksef/errors/KsefApiError.js';
import { isCredentialFailure } from '../../../../core/pipeline/isCredentialFailure.js';

const auth = (code: number) => new KsefAuthError('20261203-AU-0000000000-0000000000-00', { code, description: 'x' });

describe('isCredentialRefused', () => {
  it.each([415, 425, 450, 460, 470, 480])('treats authentication status %i as a definite refusal', (code) => {
    expect(isCredentialRefused(auth(code))).toBe(true);
    expect(isCredentialFailure(auth(code))).toBe(true);
  });

  it.each([100, 500, 550])('treats authentication status %i as transient, never as a dead credential', (code) => {
    expect(isCredentialRefused(auth(code))).toBe(false);
    expect(isCredentialFailure(auth(code))).toBe(false);
  });

  it('treats 401 and 403 as refusals, 5xx and network failures as transient', () => {
    expect(isCredentialRefused(new KsefApiError({ httpStatus: 403, method: 'GET', path: '/x' }))).toBe(true);
    expect(isCredentialRefused(new KsefApiError({ httpStatus: 503, method: 'GET', path: '/x' }))).toBe(false);
    expect(isCredentialRefused(new KsefApiError({ httpStatus: 0, method: 'GET', path: '/x' }))).toBe(false);
    expect(isCredentialRefused(new Error('boom'))).toBe(false);
  });
});
