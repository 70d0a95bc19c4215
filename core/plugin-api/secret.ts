import { z } from 'zod';

/**
 * A string option that holds a secret: redacted in logs and accepted only as an `${ENV_VAR}` reference in the
 * config file. Shorthand for `z.string().min(1).meta({ secret: true })`.
 *
 * @example
 * ```ts
 * const configSchema = z.object({ url: z.string(), apiKey: secret() });
 * ```
 */
export function secret(): z.ZodString {
  return z.string().min(1).meta({ secret: true });
}
