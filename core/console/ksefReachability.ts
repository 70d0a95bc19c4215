/**
 * Whether KSeF answers at all, from its public key endpoint (no credential, outside the rate limits' groups that
 * send invoices). Asked at most once a minute however often the overview is opened; an answer of any HTTP status
 * below 500 counts as reachable.
 */
export function ksefReachability(baseUrl: string, o: { timeoutMs?: number; cacheMs?: number; now?: () => number } = {}): () => Promise<boolean> {
  const now = o.now ?? Date.now;
  let last: { at: number; value: Promise<boolean> } | undefined;
  return () => {
    if (last && now() - last.at < (o.cacheMs ?? 60_000)) return last.value;
    const value = fetch(`${baseUrl.replace(/\/$/, '')}/security/public-key-certificates`, { signal: AbortSignal.timeout(o.timeoutMs ?? 3_000) })
      .then(async (res) => { await res.body?.cancel(); return res.status < 500; }, () => false);
    last = { at: now(), value };
    return value;
  };
}
