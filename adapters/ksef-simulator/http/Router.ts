import type { RateGroup } from '../limits/RateLimitTable.js';
import { SimHttpError } from './SimHttpError.js';
import type { SimRequest, SimResponse } from './SimRequest.js';

export type RouteAuth = 'none' | 'authentication' | 'refresh' | 'access' | 'accessOrRefresh';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/v2/...` for the API, `/storage/...` for pre-signed URLs; `{name}` segments become params. */
  path: string;
  auth: RouteAuth;
  /** The caller needs one of these permissions (403 missing-permissions otherwise). */
  anyOf?: readonly string[];
  /** `none`: outside the rate limits (pre-signed URLs). */
  rate: RateGroup | 'none';
  /**
   * Largest body the route reads (default `DEFAULT_MAX_BODY`). A longer body is refused from its Content-Length
   * before a byte is read, and only after routing and authentication, so an anonymous caller cannot make the
   * simulator hold large bodies.
   */
  maxBodyBytes?: number;
  /** Checks that need no body (a pre-signed URL's signature), run before the body is read. */
  precheck?: (path: string, query: URLSearchParams) => void;
  handler: (req: SimRequest) => Promise<SimResponse> | SimResponse;
}

/** JSON requests: an online invoice is at most 1 MB before encryption and Base64. */
export const DEFAULT_MAX_BODY = 8 * 1024 * 1024;

interface Compiled { spec: RouteSpec; segments: string[]; literals: number }

// Params are decoded only for the route chosen: building them for every candidate was most of the matching.
function fits(segments: readonly string[], parts: readonly string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    if (segments[i].charCodeAt(0) !== 0x7b /* { */ && segments[i] !== parts[i]) return false;
  }
  return true;
}

/** Matches method + path, preferring routes with more literal segments (`/sessions/online` over `/sessions/{ref}`). */
export class Router {
  private readonly routes: Compiled[] = [];

  add(...specs: RouteSpec[]): void {
    for (const spec of specs) {
      const segments = spec.path.split('/').filter(Boolean);
      this.routes.push({ spec, segments, literals: segments.filter((s) => !s.startsWith('{')).length });
    }
  }

  /** Method and path of every route, for checks against the OpenAPI document. */
  list(): { method: string; path: string }[] {
    return this.routes.map((r) => ({ method: r.spec.method, path: r.spec.path }));
  }

  match(method: string, path: string): { spec: RouteSpec; params: Record<string, string> } | 'method-not-allowed' | undefined {
    const parts = path.split('/').filter(Boolean);
    let best: Compiled | undefined;
    let pathExists = false;
    for (const c of this.routes) {
      if (c.segments.length !== parts.length || !fits(c.segments, parts)) continue;
      pathExists = true;
      if (c.spec.method === method && (!best || c.literals > best.literals)) best = c;
    }
    if (!best) return pathExists ? 'method-not-allowed' : undefined;
    const params: Record<string, string> = {};
    best.segments.forEach((s, i) => {
      if (s.startsWith('{')) params[s.slice(1, -1)] = decodeSegment(parts[i]);
    });
    return { spec: best.spec, params };
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw SimHttpError.invalid(`Nieprawidłowe kodowanie znaków w ścieżce: ${segment.slice(0, 80)}.`);
  }
}
