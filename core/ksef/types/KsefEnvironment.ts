/** KSeF environments by name (PROTOCOL.md §1). */
export type KsefEnvironment = 'test' | 'demo' | 'production';

export const KSEF_BASE_URLS: Readonly<Record<KsefEnvironment, string>> = Object.freeze({
  test: 'https://api-test.ksef.mf.gov.pl/v2',
  demo: 'https://api-demo.ksef.mf.gov.pl/v2',
  production: 'https://api.ksef.mf.gov.pl/v2',
});

export function isKsefEnvironment(value: string): value is KsefEnvironment {
  return value === 'test' || value === 'demo' || value === 'production';
}
