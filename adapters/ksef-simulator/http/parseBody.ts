import type { z } from 'zod';
import { SimHttpError } from './SimHttpError.js';
import type { SimRequest } from './SimRequest.js';

/** Validates the camelCased JSON body with a zod schema; a failure is 21405 naming the fields. */
export function parseBody<T extends z.ZodType>(req: SimRequest, schema: T): z.infer<T> {
  const result = schema.safeParse(req.json());
  if (!result.success) {
    throw SimHttpError.invalid(result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  }
  return result.data;
}
