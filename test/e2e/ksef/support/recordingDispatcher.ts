import { Agent, type Dispatcher } from 'undici';

export interface RecordedRequest {
  readonly method: string;
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  /** The JSON or text body as sent; undefined for streamed or empty bodies. */
  readonly body?: string;
}

function flatHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
  } else if (h && typeof h === 'object') {
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  }
  return out;
}

/** An undici Agent that records every request the client sends (to check them against openapi.json). */
export function recordingDispatcher(): { dispatcher: Dispatcher; requests: RecordedRequest[]; close(): Promise<void> } {
  const agent = new Agent();
  const requests: RecordedRequest[] = [];
  const dispatcher = agent.compose((dispatch) => (opts, handler) => {
    requests.push({
      method: opts.method,
      origin: String(opts.origin),
      path: opts.path,
      headers: flatHeaders(opts.headers),
      body: typeof opts.body === 'string' ? opts.body : undefined,
    });
    return dispatch(opts, handler);
  });
  return { dispatcher, requests, close: () => agent.close() };
}
