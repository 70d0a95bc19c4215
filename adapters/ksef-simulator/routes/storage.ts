import type { Router } from '../http/Router.js';
import { SimHttpError } from '../http/SimHttpError.js';
import type { SimRequest } from '../http/SimRequest.js';
import { invoiceUpo } from '../processing/invoiceUpo.js';
import { visibleInvoiceStatus } from '../processing/processInvoice.js';
import type { SimContext } from '../SimContext.js';
import type { InvoiceRecord, SessionRecord } from '../store/records.js';
import { xmlResponse } from './sessionQueries.js';

const notFound = (): SimHttpError => new SimHttpError({ status: 404, detail: 'Zasób nie istnieje.' });

/** Pre-signed GET URLs for UPOs: no Authorization, outside the rate limits, with x-ms-meta-hash. */
export function register(router: Router, sim: SimContext): void {
  const checked = (req: SimRequest): void => {
    const verdict = sim.checkSignedUrl(req.path, req.query);
    if (verdict !== 'ok') throw new SimHttpError({ status: 403, detail: verdict === 'expired' ? 'Link wygasł.' : 'Nieprawidłowy podpis linku.', reasonCode: 'insufficient-resource-access' });
  };
  router.add(
    {
      method: 'GET', path: '/storage/upo/invoice/{invoiceReferenceNumber}', auth: 'none', rate: 'none',
      handler: (req) => {
        checked(req);
        const inv = sim.store.get<InvoiceRecord>('invoice', req.params.invoiceReferenceNumber);
        if (!inv || visibleInvoiceStatus(sim, inv).code !== 200) throw notFound();
        return xmlResponse(invoiceUpo(sim, sim.store.get<SessionRecord>('session', inv.sessionRef)!, inv));
      },
    },
    {
      method: 'GET', path: '/storage/upo/session/{upoReferenceNumber}', auth: 'none', rate: 'none',
      handler: (req) => {
        checked(req);
        const xml = sim.store.getBlob(`upo:${req.params.upoReferenceNumber}`);
        if (!xml) throw notFound();
        return xmlResponse(xml);
      },
    },
  );
}
