import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problems.js';

/**
 * JSON and FA(3) XML bodies, kept raw as well (the Idempotency-Key fingerprint is over the bytes received). Any other
 * Content-Type answers 415. XML must be UTF-8, as KSeF requires.
 */
export function installBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json'], { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch (err) {
      done(new HttpProblem('GW_REST_BAD_REQUEST', `The body is not JSON: ${(err as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    try {
      done(null, text.decode(body));
    } catch {
      done(new HttpProblem('GW_REST_BAD_REQUEST', 'The XML body is not valid UTF-8'), undefined);
    }
  });
}
