import type { Router } from '../http/Router.js';
import type { SimContext } from '../SimContext.js';
import * as auth from './auth.js';
import { registerBatch, type Track } from './batchSessions.js';
import * as exportsRoutes from './exports.js';
import * as invoices from './invoices.js';
import * as limits from './limits.js';
import * as onlineSessions from './onlineSessions.js';
import * as security from './security.js';
import * as sessionQueries from './sessionQueries.js';
import * as storage from './storage.js';
import * as tokens from './tokens.js';
import * as xadesAuth from '../xades/xadesRoute.js';
import * as certificates from '../certificates/certificateRoutes.js';

export interface RouteDeps { track: Track; limits: limits.LimitControl }

/**
 * Every route module of the simulator, in one list. A new module exports `register(router, sim, deps)` and is
 * added here (e.g. XAdES authentication and certificate enrolment under `../xades`, `../certificates`).
 */
export const ROUTE_MODULES: ((router: Router, sim: SimContext, deps: RouteDeps) => void)[] = [
  security.register,
  auth.register,
  tokens.register,
  onlineSessions.register,
  (router, sim, deps) => registerBatch(router, sim, deps.track),
  sessionQueries.register,
  storage.register,
  invoices.register,
  exportsRoutes.register,
  (router, sim, deps) => limits.register(router, sim, deps.limits),
  xadesAuth.register,
  certificates.register,
];
