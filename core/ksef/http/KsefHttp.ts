import type { Readable } from 'node:stream';
import type { RateLimitGroup } from '../types/limits.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

/** One request to KSeF. `path` is relative to the base URL (`/auth/challenge`) or an absolute pre-signed URL. */
export interface KsefRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** A JSON body; a POST with neither `json` nor `body` goes out empty and without Content-Type (PROTOCOL.md §2.6). */
  readonly json?: unknown;
  /** Raw body; a function gives a fresh stream for each attempt (uploads from a file). */
  readonly body?: Uint8Array | string | (() => Readable);
  readonly contentType?: string;
  /** Content-Length of a streamed body. */
  readonly contentLength?: number;
  /** A JWT for `Authorization: Bearer`; pre-signed URLs never get one. */
  readonly bearer?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Rate-limit group; defaults from the path. `'none'` for pre-signed storage URLs. */
  readonly rateLimitGroup?: RateLimitGroup | 'none';
  /**
   * `safe`: 5xx and network errors are retried (reads, idempotent writes).
   * `unsafe`: only failures that prove the request was not processed (429, connection refused) are retried;
   * any other failure surfaces as an outcome-unknown error.
   */
  readonly retry?: 'safe' | 'unsafe';
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export interface KsefResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bytes: Uint8Array;
}

/** The low-level transport (rate limits, retries, typed errors) that auth methods and API modules use. */
export interface KsefHttp {
  /** Sends and returns the 2xx response; throws KsefApiError otherwise. */
  send(request: KsefRequest): Promise<KsefResponse>;
  /** Sends and parses the JSON body of the 2xx response. */
  json<T>(request: KsefRequest): Promise<T>;
}
