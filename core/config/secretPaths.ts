import { z } from 'zod';

type AnySchema = z.core.$ZodType;

function isSecret(schema: AnySchema): boolean {
  return (z.globalRegistry.get(schema as z.ZodType) as { secret?: unknown } | undefined)?.secret === true;
}

/** Unwraps optional/default/nullable/... and reports whether any layer carries the secret marker. */
function unwrap(schema: AnySchema): { inner: AnySchema; secret: boolean } {
  let current = schema;
  let secret = isSecret(current);
  for (;;) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    const next = (def.innerType ?? (def.type === 'pipe' ? def.in : undefined)) as AnySchema | undefined;
    if (next === undefined) return { inner: current, secret };
    current = next;
    secret ||= isSecret(current);
  }
}

/** Calls `visit` for every secret leaf of the schema, with its path (`a.b[*].c`). */
function walk(schema: AnySchema, path: string, visit: (path: string) => void): void {
  const { inner, secret } = unwrap(schema);
  if (secret) { visit(path); return; }
  const def = inner._zod.def as unknown as Record<string, unknown> & { type: string };
  if (def.type === 'object') {
    for (const [key, child] of Object.entries(def.shape as Record<string, AnySchema>)) walk(child, path ? `${path}.${key}` : key, visit);
  } else if (def.type === 'array') {
    walk(def.element as AnySchema, `${path}[*]`, visit);
  } else if (def.type === 'union') {
    for (const option of def.options as AnySchema[]) walk(option, path, visit);
  } else if (def.type === 'record') {
    walk(def.valueType as AnySchema, `${path}.*`, visit);
  }
}

/**
 * Paths (`ksef.contexts[*].token`) of every field marked `.meta({ secret: true })`, de-duplicated, in schema order.
 */
export function secretPaths(schema: z.ZodType, prefix = ''): string[] {
  const found = new Set<string>();
  walk(schema, prefix, (p) => found.add(p));
  return [...found];
}

/**
 * Concrete paths (`plugins[0].options.apiKey`) of the secret fields that `value` actually fills, walking the schema
 * and the raw value together (used to insist that secrets come from environment references).
 */
export function secretValuePaths(schema: z.ZodType, value: unknown, prefix = ''): string[] {
  const found: string[] = [];
  const visit = (s: AnySchema, v: unknown, path: string): void => {
    if (v === undefined || v === null) return;
    const { inner, secret } = unwrap(s);
    if (secret) { found.push(path); return; }
    const def = inner._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'object' && typeof v === 'object') {
      for (const [key, child] of Object.entries(def.shape as Record<string, AnySchema>)) {
        visit(child, (v as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      }
    } else if (def.type === 'array' && Array.isArray(v)) {
      v.forEach((item, i) => visit(def.element as AnySchema, item, `${path}[${i}]`));
    } else if (def.type === 'union') {
      for (const option of def.options as AnySchema[]) visit(option, v, path);
    } else if (def.type === 'record' && typeof v === 'object') {
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) visit(def.valueType as AnySchema, item, `${path}.${key}`);
    }
  };
  visit(schema, value, prefix);
  return [...new Set(found)];
}
