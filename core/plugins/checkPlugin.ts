import semver from 'semver';
import type { z } from 'zod';
import { formatPath } from '../config/expandEnvRefs.js';
import type { PluginEntry } from '../config/GatewayConfig.js';
import { secretValuePaths } from '../config/secretPaths.js';
import { unknownKeys } from '../config/unknownKeys.js';
import type { PluginDefinition } from '../plugin-api/definePlugin.js';
import { GATEWAY_API_VERSION } from '../plugin-api/version.js';
import { deepFreeze } from './deepFreeze.js';
import { pluginDefinitionSchema } from './pluginManifestSchema.js';

export type CheckedPlugin =
  | { ok: true; definition: PluginDefinition; config: Readonly<unknown> }
  | { ok: false; issues: string[] };

/**
 * Checks one resolved plugin against the lifecycle's gates, in order: definition shape and manifest -> `gatewayApi`
 * range includes ours -> options valid under its schema (every issue) -> secrets only as environment references.
 * Every issue names the entry (`plugins[1] "erp-a"`), the plugin and the key.
 */
export function checkPlugin(raw: unknown, entry: PluginEntry, index: number, envRefPaths: ReadonlySet<string>): CheckedPlugin {
  const where = `plugins[${index}] "${entry.id}"`;
  const shape = pluginDefinitionSchema.safeParse(raw);
  if (!shape.success) {
    return { ok: false, issues: shape.error.issues.map((i) => `${where} (use: ${entry.use}): ${formatPath(i.path) || 'default export'}: ${i.message}`) };
  }
  const definition = raw as PluginDefinition;
  const { id, gatewayApi, version } = definition.manifest;
  const named = `${where} (plugin ${id}@${version})`;
  if (!semver.satisfies(GATEWAY_API_VERSION, gatewayApi)) {
    return { ok: false, issues: [`${named}: manifest.gatewayApi: needs plugin API ${gatewayApi}, this gateway provides ${GATEWAY_API_VERSION}`] };
  }
  const issues: string[] = [];
  const options = entry.options ?? {};
  for (const path of secretValuePaths(definition.configSchema, options, `plugins[${index}].options`)) {
    if (!envRefPaths.has(path)) issues.push(`${named}: ${path.replace(`plugins[${index}].`, '')}: a secret must be an environment reference like \${ERP_PASSWORD}, not a value in the file`);
  }
  // Every level strict, whatever the plugin's schema says about unknown keys: a typo must not run on a default.
  for (const issue of unknownKeys(definition.configSchema, options, 'options')) issues.push(`${named}: ${issue}`);
  const parsed = (definition.configSchema as z.ZodType).safeParse(options);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code !== 'unrecognized_keys') issues.push(`${named}: ${formatPath(['options', ...issue.path])}: ${issue.message}`);
    }
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, definition, config: deepFreeze(parsed.data) };
}
