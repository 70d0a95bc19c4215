import type { Logger } from 'pino';
import { GatewayError } from '../../errors/GatewayError.js';
import { KsefClient } from '../../ksef/KsefClient.js';
import { KsefTokenAuth } from '../../ksef/auth/KsefTokenAuth.js';
import { isKsefEnvironment } from '../../ksef/types/KsefEnvironment.js';

/**
 * A client from KSEF_BASE_URL (a URL or test|demo|production), KSEF_NIP and KSEF_TOKEN (DECISIONS.md 3).
 * Errors name the variable, never its value.
 */
export function clientFromEnv(env: NodeJS.ProcessEnv = process.env, logger?: Logger): KsefClient {
  const base = env.KSEF_BASE_URL?.trim();
  const nip = env.KSEF_NIP?.trim();
  const token = env.KSEF_TOKEN;
  const missing = [!base && 'KSEF_BASE_URL', !nip && 'KSEF_NIP', !token?.trim() && 'KSEF_TOKEN'].filter(Boolean);
  if (missing.length > 0) {
    throw new GatewayError('GW_KSEF_ENV_MISSING', 'config', `Set ${missing.join(', ')} (KSeF base URL or test|demo|production, context NIP, KSeF token)`);
  }
  if (!/^\d{10}$/.test(nip!)) throw new GatewayError('GW_KSEF_ENV_NIP', 'config', 'KSEF_NIP must be a 10-digit NIP', { location: 'KSEF_NIP' });
  const auth = new KsefTokenAuth(token!);
  return isKsefEnvironment(base!)
    ? new KsefClient({ environment: base, contextNip: nip, auth, logger })
    : new KsefClient({ baseUrl: base!, contextNip: nip, auth, logger });
}
