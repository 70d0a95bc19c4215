import type { Router } from '../http/Router.js';
import type { SimContext } from '../SimContext.js';

export function register(router: Router, sim: SimContext): void {
  router.add({
    method: 'GET', path: '/v2/security/public-key-certificates', auth: 'none', rate: 'public',
    handler: () => ({
      status: 200,
      json: sim.keys.keys.map((k) => ({
        certificate: k.certificateDer.toString('base64'),
        certificateId: k.certificateId,
        publicKeyId: k.publicKeyId,
        validFrom: k.validFrom.toISOString(),
        validTo: k.validTo.toISOString(),
        usage: [k.usage],
      })),
    }),
  });
}
