import { qrBaseUrlFor } from '../../../core/di/qrBaseUrlFor.js';

describe('qrBaseUrlFor', () => {
  it('points verification links of a real environment to its QR host', () => {
    expect(qrBaseUrlFor({ kind: 'environment', environment: 'production' })).toBe('https://qr.ksef.mf.gov.pl');
    expect(qrBaseUrlFor({ kind: 'url', baseUrl: 'https://api-test.ksef.mf.gov.pl/v2/', simulator: false })).toBe('https://qr-test.ksef.mf.gov.pl');
  });

  it('never gives a simulator or any other endpoint a real KSeF host', () => {
    expect(qrBaseUrlFor({ kind: 'url', baseUrl: 'http://127.0.0.1:40123/v2', simulator: true })).toBe('http://127.0.0.1:40123/qr');
    expect(qrBaseUrlFor({ kind: 'url', baseUrl: 'http://ksef-sim.local:8080/v2', simulator: false })).toBe('http://ksef-sim.local:8080/qr');
  });
});
