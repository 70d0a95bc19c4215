import { z } from 'zod';
import type { RouteSpec, Router } from '../http/Router.js';
import { parseBody } from '../http/parseBody.js';
import { PRODUCTION_LIMITS, RATE_GROUPS, type RateLimitTable } from '../limits/RateLimitTable.js';
import type { SimContext } from '../SimContext.js';

export interface LimitControl {
  effective(): RateLimitTable | undefined;
  set(table: RateLimitTable | 'production' | 'off'): void;
}

const values = z.object({ perSecond: z.number().int().min(0), perMinute: z.number().int().min(0), perHour: z.number().int().min(0) });
const setRequest = z.object({ rateLimits: z.object(Object.fromEntries(RATE_GROUPS.map((g) => [g, values]))) });
const nipRequest = z.object({ nip: z.string().regex(/^\d{10}$/) }).loose();
const contextRequest = z.object({ contextIdentifier: z.object({ type: z.string(), value: z.string().min(1) }) }).loose();

/** `GET /rate-limits`, `GET /limits/context` and the TEST-only switches of `/testdata` (rate limits, attachments). */
export function register(router: Router, sim: SimContext, limits: LimitControl): void {
  router.add(
    {
      method: 'GET', path: '/v2/rate-limits', auth: 'access', rate: 'other',
      handler: () => {
        const table = limits.effective();
        // With limits off the simulator reports the production figures it would apply when switched on.
        return { status: 200, json: Object.fromEntries(RATE_GROUPS.map((g) => [g, (table ?? PRODUCTION_LIMITS)[g]])) };
      },
    },
    {
      method: 'GET', path: '/v2/limits/context', auth: 'access', rate: 'other',
      handler: () => {
        const session = { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 10_000 };
        return { status: 200, json: { onlineSession: session, batchSession: session } };
      },
    },
    {
      method: 'POST', path: '/v2/testdata/rate-limits', auth: 'access', rate: 'other',
      handler: (req) => {
        const body = parseBody(req, setRequest);
        limits.set({ ...PRODUCTION_LIMITS, ...(body.rateLimits as Partial<RateLimitTable>) });
        return { status: 200 };
      },
    },
    {
      method: 'DELETE', path: '/v2/testdata/rate-limits', auth: 'access', rate: 'other',
      handler: () => {
        limits.set('production');
        return { status: 200 };
      },
    },
    {
      method: 'POST', path: '/v2/testdata/rate-limits/production', auth: 'access', rate: 'other',
      handler: () => {
        limits.set('production');
        return { status: 200 };
      },
    },
    {
      method: 'POST', path: '/v2/testdata/attachment', auth: 'none', rate: 'public',
      handler: (req) => {
        const { nip } = parseBody(req, nipRequest);
        sim.store.put('subject', nip, { ...sim.subject(nip), attachmentsEnabled: true });
        return { status: 200 };
      },
    },
    {
      method: 'POST', path: '/v2/testdata/attachment/revoke', auth: 'none', rate: 'public',
      handler: (req) => {
        const { nip } = parseBody(req, nipRequest);
        sim.store.put('subject', nip, { ...sim.subject(nip), attachmentsEnabled: false });
        return { status: 200 };
      },
    },
    ...(['block', 'unblock'] as const).map((action) => ({
      method: 'POST' as const, path: `/v2/testdata/context/${action}`, auth: 'none' as const, rate: 'other' as const,
      handler: (req: Parameters<RouteSpec['handler']>[0]) => {
        // A blocked context fails every new authentication with status 480 (PROTOCOL.md §12).
        const { contextIdentifier } = parseBody(req, contextRequest);
        const value = contextIdentifier.value.split('-')[0];
        sim.store.put('subject', value, { ...sim.subject(value), blocked: action === 'block' });
        return { status: 200 };
      },
    })),
  );
}
