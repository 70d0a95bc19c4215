import type { IncomingHttpHeaders } from 'node:http';
import { SimHttpError } from './SimHttpError.js';

/** What an authenticated request carries once its JWT is verified. */
export interface Caller {
  tokenType: 'AuthenticationToken' | 'ContextToken' | 'RefreshToken';
  authRef: string;
  contextType: string;
  contextValue: string;
  permissions: string[];
  jti?: string;
}

export interface SimRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  ip: string;
  body: Buffer;
  caller?: Caller;
  /** Parsed JSON body with property names folded to camelCase (the real KSeF binds case-insensitively). */
  json(): Record<string, unknown>;
}

export interface SimResponse {
  status: number;
  json?: unknown;
  body?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(v)]));
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) throw SimHttpError.invalid('Brak treści żądania.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw SimHttpError.invalid('Treść żądania nie jest poprawnym JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw SimHttpError.invalid('Oczekiwano obiektu JSON.');
  return camel(parsed) as Record<string, unknown>;
}
