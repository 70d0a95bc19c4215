import leven from 'leven';
import type { z } from 'zod';

type AnySchema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string };

const defOf = (s: AnySchema): Def => s._zod.def as unknown as Def;

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const next = (def.innerType ?? (def.type === 'pipe' ? def.in : undefined)) as AnySchema | undefined;
    if (next === undefined) return current;
    current = next;
  }
}

/** The known key closest to a typo, when it is close enough to be what was meant (case slips count as near). */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === key.toLowerCase() ? 0 : leven(key, candidate);
    if (d < bestDistance) { best = candidate; bestDistance = d; }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** The option of a union that fits the value: by its discriminator literal when it has one, else the first object. */
function unionOption(options: readonly AnySchema[], v: Record<string, unknown>): AnySchema | undefined {
  const objects = options.map(unwrap).filter((o) => defOf(o).type === 'object');
  return objects.find((o) => Object.entries(defOf(o).shape as Record<string, AnySchema>).some(([key, child]) => {
    const inner = defOf(unwrap(child));
    return inner.type === 'literal' && (inner.values as unknown[]).includes(v[key]);
  })) ?? (objects.length === 1 ? objects[0] : undefined);
}

/**
 * `path: unknown key` for every key of `value` that `schema` does not know, at every depth, with the near miss
 * ("did you mean batchMaxWaitMs?"). zod only strips unknown keys of a plain object; a typo in a section would
 * otherwise run silently with the default. Objects that accept any key (`z.looseObject`, a catchall) are left alone.
 */
export function unknownKeys(schema: z.ZodType | AnySchema, value: unknown, prefix = ''): string[] {
  const found: string[] = [];
  const visit = (s: AnySchema, v: unknown, path: string): void => {
    if (v === null || typeof v !== 'object') return;
    const inner = unwrap(s);
    const def = defOf(inner);
    if (def.type === 'object' && !Array.isArray(v)) {
      const shape = def.shape as Record<string, AnySchema>;
      const catchall = def.catchall as AnySchema | undefined;
      const open = catchall !== undefined && defOf(catchall).type !== 'never';
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
        const child = shape[key];
        if (child !== undefined) visit(child, item, join(path, key));
        else if (!open) {
          const near = closest(key, Object.keys(shape));
          found.push(`${join(path, key)}: unknown key${near ? ` (did you mean ${near}?)` : ` (known: ${Object.keys(shape).join(', ')})`}`);
        }
      }
    } else if (def.type === 'array' && Array.isArray(v)) {
      v.forEach((item, i) => visit(def.element as AnySchema, item, `${path}[${i}]`));
    } else if (def.type === 'union' && !Array.isArray(v)) {
      const option = unionOption(def.options as AnySchema[], v as Record<string, unknown>);
      if (option) visit(option, v, path);
    } else if (def.type === 'record' && !Array.isArray(v)) {
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) visit(def.valueType as AnySchema, item, join(path, key));
    }
  };
  visit(schema as AnySchema, value, prefix);
  return found;
}
