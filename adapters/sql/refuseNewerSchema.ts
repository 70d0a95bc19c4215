import { GatewayError } from '../../core/errors/GatewayError.js';

/**
 * Stops a gateway that meets steps it does not know: a newer version migrated this database, and older code could
 * misread or overwrite what the newer one writes. Steps are numbered with gaps, so "newer" means "unknown", not "higher".
 */
export function refuseNewerSchema(applied: Iterable<number>, known: readonly { readonly version: number }[], where: string): void {
  const knownVersions = new Set(known.map((m) => m.version));
  const unknown = [...applied].filter((v) => !knownVersions.has(v)).sort((a, b) => a - b);
  if (unknown.length === 0) return;
  throw new GatewayError('GW_STORE_SCHEMA_NEWER', 'config',
    `${where} was migrated by a newer ksef-gateway (schema steps ${unknown.join(', ')} are unknown to this version); `
    + 'upgrade this instance before starting it', { location: where });
}
