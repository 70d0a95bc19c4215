import semver from 'semver';
import { z } from 'zod';

/** What a plugin module's default export must look like before anything of it runs. */
export const pluginManifestSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case'),
  version: z.string().refine((v) => semver.valid(v) !== null, 'must be a semver version like 1.0.0'),
  gatewayApi: z.string().refine((v) => semver.validRange(v) !== null, "must be a semver range like '^1.0.0'"),
  kind: z.enum(['erp-adapter', 'notifier']),
  description: z.string().optional(),
});

export const pluginDefinitionSchema = z.object({
  manifest: pluginManifestSchema,
  configSchema: z.custom<z.ZodType>((v) => typeof (v as { safeParse?: unknown } | null)?.safeParse === 'function', 'must be a zod schema'),
  create: z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function', 'must be a function'),
});
