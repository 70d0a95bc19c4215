import type { FastifyInstance } from 'fastify';
import type { PluginContext } from '../../core/plugin-api/index.js';
import { apiKeyOf } from './auth/authenticate.js';
import { problemResponses } from './invoices/schemas.js';
import type { RestOptions } from './RestOptions.js';

/** GET /v1/contexts: the credential health of the key's contexts (method, permissions, status, expiry, paused); never a secret. */
export function contextRoutes(app: FastifyInstance, ctx: PluginContext<RestOptions>): void {
  app.get('/v1/contexts', {
    schema: {
      summary: "Credential health of the API key's contexts", tags: ['contexts'],
      response: {
        200: {
          type: 'object',
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  context: { type: 'string' }, known: { type: 'boolean' }, paused: { type: 'boolean' }, pausedReason: { type: 'string' },
                  credentials: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        method: { type: 'string', enum: ['token', 'certificate'] }, status: { type: 'string' }, statusReason: { type: 'string' },
                        permissions: { type: 'array', items: { type: 'string' } }, referenceNumber: { type: 'string' }, ksefStatus: { type: 'string' },
                        lastAuthenticatedAt: { type: 'string' }, updatedAt: { type: 'string' },
                        expiresAt: { type: 'string', description: "when the credential stops working (a certificate's end of validity)" },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        ...problemResponses(401),
      },
    },
  }, async (request) => {
    const key = apiKeyOf(request);
    const all = new Map((await ctx.queries.contexts()).map((c) => [c.contextNip, c]));
    return {
      items: key.contexts.map((nip) => {
        const c = all.get(nip);
        if (!c) return { context: nip, known: false, paused: false, credentials: [] };
        return {
          context: nip, known: true, paused: c.paused, ...(c.pausedReason ? { pausedReason: c.pausedReason } : {}),
          credentials: c.credentials.map(({ kind, ...rest }) => ({ method: kind, ...rest })),
        };
      }),
    };
  });
}
