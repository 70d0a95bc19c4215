const MAX_DEPTH = 8;

/**
 * Copies `value`, replacing the value of every key in `keys` at any depth (arrays included) with `censor`.
 * Pino's redact paths cannot say "this key at any depth"; this backstop can. Objects that are not plain (Errors,
 * Buffers, Dates) are left as they are: pino serialises those itself.
 */
export function scrubSecrets(value: unknown, keys: ReadonlySet<string>, censor: string, depth = 0): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const next = scrubSecrets(item, keys, censor, depth + 1);
      changed ||= next !== item;
      return next;
    });
    return changed ? out : value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = keys.has(key) && item !== undefined && item !== null ? censor : scrubSecrets(item, keys, censor, depth + 1);
    if (next !== item) {
      out ??= { ...(value as Record<string, unknown>) };
      out[key] = next;
    }
  }
  return out ?? value;
}
