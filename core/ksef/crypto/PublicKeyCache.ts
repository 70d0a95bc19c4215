import { X509Certificate, createHash } from 'node:crypto';
import { GatewayError } from '../../errors/GatewayError.js';
import type { KsefHttp } from '../http/KsefHttp.js';
import type { PublicKeyProvider, PublicKeyUsage, SelectedPublicKey } from './PublicKeyProvider.js';

interface PublicKeyCertificate {
  certificate: string;
  publicKeyId?: string;
  validFrom: string;
  validTo: string;
  usage: string[];
}

const MAX_AGE_MS = 6 * 3600_000;

/**
 * MF public keys (PROTOCOL.md §3.1): per usage the certificate valid now with the latest validFrom;
 * cached, fetched again after a few hours, when the chosen one expires, or on `invalidate()` (21470).
 */
export class PublicKeyCache implements PublicKeyProvider {
  private cache?: { fetchedAt: number; list: PublicKeyCertificate[] };
  private inflight?: Promise<PublicKeyCertificate[]>;

  constructor(private readonly http: KsefHttp, private readonly now: () => number = Date.now) {}

  async get(usage: PublicKeyUsage, signal?: AbortSignal): Promise<SelectedPublicKey> {
    const now = this.now();
    if (!this.cache || now - this.cache.fetchedAt > MAX_AGE_MS) await this.refresh(signal);
    let chosen = select(this.cache!.list, usage, now);
    if (!chosen) {
      await this.refresh(signal);
      chosen = select(this.cache!.list, usage, now);
    }
    if (!chosen) {
      throw new GatewayError('GW_KSEF_NO_PUBLIC_KEY', 'transient', `KSeF publishes no valid ${usage} certificate`);
    }
    const cert = new X509Certificate(Buffer.from(chosen.certificate, 'base64'));
    const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
    return {
      usage,
      key: cert.publicKey,
      publicKeyId: chosen.publicKeyId ?? createHash('sha256').update(spki).digest('base64'),
      validTo: chosen.validTo,
    };
  }

  invalidate(): void {
    this.cache = undefined;
  }

  private async refresh(signal?: AbortSignal): Promise<void> {
    this.inflight ??= this.http
      .json<PublicKeyCertificate[]>({ method: 'GET', path: '/security/public-key-certificates', retry: 'safe', signal })
      .finally(() => { this.inflight = undefined; });
    const list = await this.inflight;
    this.cache = { fetchedAt: this.now(), list: Array.isArray(list) ? list : [] };
  }
}

function select(list: readonly PublicKeyCertificate[], usage: PublicKeyUsage, now: number): PublicKeyCertificate | undefined {
  return list
    .filter((c) => c.usage?.includes(usage) && Date.parse(c.validFrom) <= now && now < Date.parse(c.validTo))
    .sort((a, b) => Date.parse(b.validFrom) - Date.parse(a.validFrom))[0];
}
