import type { OutcomeError } from '../../../core/plugin-api/index.js';
import type { ProblemError } from '../http/problems.js';
import type { InvoiceRequest } from './readInvoiceRequest.js';

/** An API error of an invoice: the gateway's code and message, located in the request body where possible. */
export interface LocatedError extends ProblemError {
  readonly source?: unknown;
}

/**
 * Locates each of the gateway's errors in the request: a draft's JSON pointer (`field`) under `/draft`, an FA(3) path
 * under `/invoice` for canonical JSON (walking the body, so a repeated element's index lands in its array), and the
 * FA(3) path itself as `xmlPath` for every format.
 */
export function locateErrors(req: InvoiceRequest, errors: readonly OutcomeError[]): LocatedError[] {
  return errors.map((e) => {
    const xmlPath = e.location ? `/Faktura/${e.location.replace(/^\/?(Faktura\/)?/, '')}` : undefined;
    let pointer: string | undefined;
    if (req.format === 'draft' && e.field !== undefined) pointer = `${req.base}/draft${e.field}`;
    else if (req.format === 'fa3-json' && e.location) pointer = `${req.base}/invoice${jsonPointerOf(e.location, req.payload)}`;
    return { code: e.code, message: e.message, ...(pointer !== undefined ? { pointer } : {}), ...(xmlPath ? { xmlPath } : {}) };
  });
}

/** `Fa/FaWiersz[3]/P_12` -> `/Fa/FaWiersz/2/P_12`, following the body: an array met without an index is item 0. */
function jsonPointerOf(fa3Path: string, payload: InvoiceRequest['payload']): string {
  let node: unknown = payload.format === 'fa3-json' ? payload.invoice : undefined;
  const out: string[] = [];
  for (const segment of fa3Path.replace(/^\/?(Faktura\/)?/, '').split('/').filter(Boolean)) {
    const m = /^([^[\]]+)(?:\[(\d+)\])?$/.exec(segment);
    const name = m ? m[1] : segment;
    out.push(name.replace(/~/g, '~0').replace(/\//g, '~1'));
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined;
    if (m?.[2] !== undefined || Array.isArray(node)) {
      const index = m?.[2] !== undefined ? Number(m[2]) - 1 : 0;
      out.push(String(index));
      node = Array.isArray(node) ? node[index] : undefined;
    }
  }
  return out.length > 0 ? `/${out.join('/')}` : '';
}
