/** Exponential backoff with full jitter: a random delay in [base, min(max, base * 2^attempt)]. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(baseDelayMs + random() * Math.max(0, ceiling - baseDelayMs));
}
