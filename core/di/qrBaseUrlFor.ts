import { KSEF_BASE_URLS, type KsefEnvironment } from '../ksef/types/KsefEnvironment.js';
import type { KsefEndpoint } from './tokens.js';

/** KOD I hosts of the real environments (PROTOCOL.md §1). */
export const KSEF_QR_BASE_URLS: Readonly<Record<KsefEnvironment, string>> = Object.freeze({
  test: 'https://qr-test.ksef.mf.gov.pl', demo: 'https://qr-demo.ksef.mf.gov.pl', production: 'https://qr.ksef.mf.gov.pl',
});

/**
 * Where the verification links (KOD I) of this gateway's invoices point. A real environment's links point to its QR
 * host; any other endpoint (the simulator, a test server) gets a link on that endpoint's own origin, so that an
 * invoice no real KSeF holds never carries a link that looks like a real KSeF verification.
 */
export function qrBaseUrlFor(endpoint: KsefEndpoint): string {
  if (endpoint.kind === 'environment') return KSEF_QR_BASE_URLS[endpoint.environment];
  const normalized = endpoint.baseUrl.replace(/\/+$/, '');
  const environment = (Object.keys(KSEF_BASE_URLS) as KsefEnvironment[]).find((e) => KSEF_BASE_URLS[e] === normalized);
  if (environment !== undefined && !endpoint.simulator) return KSEF_QR_BASE_URLS[environment];
  return `${new URL(endpoint.baseUrl).origin}/qr`;
}
