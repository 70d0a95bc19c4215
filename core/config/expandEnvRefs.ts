/** `${NAME}` or `${NAME:-fallback}` inside a config string. */
const REF = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE_REF = /^\$\{[A-Z_][A-Z0-9_]*(?::-[^}]*)?\}$/;

export interface ExpandResult {
  value: unknown;
  /** Paths whose whole value was one environment reference: the only accepted form for a secret. */
  envRefPaths: Set<string>;
  /** `path: message` for each reference to an unset variable without fallback. */
  issues: string[];
}

export function formatPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}

/** Replaces environment references in every string of a parsed config document. */
export function expandEnvRefs(raw: unknown, env: NodeJS.ProcessEnv): ExpandResult {
  const envRefPaths = new Set<string>();
  const issues: string[] = [];
  const visit = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === 'string') {
      const where = formatPath(path);
      if (WHOLE_REF.test(value)) envRefPaths.add(where);
      return value.replace(REF, (_m, name: string, fallback: string | undefined) => {
        const found = env[name];
        if (found !== undefined && found !== '') return found;
        if (fallback !== undefined) return fallback;
        issues.push(`${where}: environment variable ${name} is not set`);
        return '';
      });
    }
    if (Array.isArray(value)) return value.map((item, i) => visit(item, [...path, i]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v, [...path, k])]));
    }
    return value;
  };
  return { value: visit(raw, []), envRefPaths, issues };
}
