import { SimHttpError } from './SimHttpError.js';
import type { SimRequest } from './SimRequest.js';

/** Continuation-token paging (PROTOCOL.md §2.3): `x-continuation-token` in, `continuationToken` out; 21418 if malformed. */
export function paginate<T>(req: SimRequest, items: readonly T[], min = 10, max = 1000): { page: T[]; continuationToken?: string } {
  const size = Number(req.query.get('pageSize') ?? min);
  if (!Number.isInteger(size) || size < min || size > max) throw SimHttpError.invalid(`pageSize musi być liczbą z zakresu ${min}..${max}.`);
  const header = req.headers['x-continuation-token'];
  let offset = 0;
  if (typeof header === 'string' && header !== '') {
    const m = /^sim:(\d+)$/.exec(Buffer.from(header, 'base64').toString('utf8'));
    if (!m) throw SimHttpError.badRequest(21418, 'Przekazany token kontynuacji ma nieprawidłowy format.');
    offset = Number(m[1]);
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(`sim:${offset + size}`).toString('base64') : undefined;
  return { page, continuationToken: next };
}
