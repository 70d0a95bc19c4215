import type { KsefExceptionCode } from '../errors/KsefApiError.js';

export interface ParsedErrorBody {
  readonly exceptionCodes: KsefExceptionCode[];
  readonly problem?: Record<string, unknown>;
}

/**
 * Reads both KSeF error formats (PROTOCOL.md §2.4): problem details (`errors[]`) and the legacy
 * `exception.exceptionDetailList`, plus the 429 `status` shape. Anything else is kept as `problem.text`.
 */
export function parseErrorBody(bytes: Uint8Array): ParsedErrorBody {
  const text = Buffer.from(bytes).toString('utf8');
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return { exceptionCodes: [], problem: { text: text.slice(0, 500) } };
  }
  if (typeof body !== 'object' || body === null) return { exceptionCodes: [] };
  const obj = body as Record<string, unknown>;
  const codes: KsefExceptionCode[] = [];
  if (Array.isArray(obj.errors)) {
    for (const e of obj.errors as Record<string, unknown>[]) {
      codes.push({ code: Number(e.code), description: String(e.description ?? ''), details: strings(e.details) });
    }
  }
  const exception = obj.exception as Record<string, unknown> | undefined;
  if (exception && Array.isArray(exception.exceptionDetailList)) {
    for (const e of exception.exceptionDetailList as Record<string, unknown>[]) {
      codes.push({ code: Number(e.exceptionCode), description: String(e.exceptionDescription ?? ''), details: strings(e.details) });
    }
  }
  return { exceptionCodes: codes, problem: obj };
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
