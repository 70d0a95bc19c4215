import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GatewayError } from '../errors/GatewayError.js';
import { embeddedDefaults } from './embeddedDefaults.js';
import { applyEnvOverrides } from './envOverrides.js';
import { expandEnvRefs, formatPath } from './expandEnvRefs.js';
import { gatewayConfigSchema, type GatewayConfig } from './GatewayConfig.js';
import { secretValuePaths } from './secretPaths.js';
import { unknownKeys } from './unknownKeys.js';

export interface LoadedConfig {
  readonly config: GatewayConfig;
  /** The file read, or `embedded defaults`. */
  readonly source: string;
  /** Paths filled from environment references; plugin options' secrets are checked against these later. */
  readonly envRefPaths: ReadonlySet<string>;
}

export interface LoadConfigOptions {
  /** Explicit file (the CLI's `--config`); otherwise KSEF_GATEWAY_CONFIG, then ./ksef-gateway.yaml. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Ignore files and use the embedded defaults (the demo); environment overrides still apply. */
  embedded?: boolean;
}

export const EMBEDDED_DEFAULTS = 'embedded defaults';

function locate(opts: LoadConfigOptions, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const named = opts.file ?? (env.KSEF_GATEWAY_CONFIG || undefined);
  if (named !== undefined) {
    const path = resolve(cwd, named);
    if (!existsSync(path)) throw new GatewayError('GW_CONFIG_FILE_MISSING', 'config', `Config file not found: ${path}`, { location: path });
    return path;
  }
  const implicit = join(cwd, 'ksef-gateway.yaml');
  return existsSync(implicit) ? implicit : undefined;
}

function readYaml(path: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new GatewayError('GW_CONFIG_YAML', 'config', `${path} is not valid YAML: ${(cause as Error).message}`, { cause, location: path });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new GatewayError('GW_CONFIG_YAML', 'config', `${path} must hold a YAML mapping at the top level`, { location: path });
  }
  return doc as Record<string, unknown>;
}

/** Throws one config error that lists every problem, each naming its key. */
export function throwConfigIssues(source: string, issues: readonly string[]): never {
  throw new GatewayError('GW_CONFIG_INVALID', 'config', `Invalid configuration (${source}):\n  - ${issues.join('\n  - ')}`, {
    location: issues[0]?.split(':')[0],
    details: { source, issues },
  });
}

/**
 * Reads the gateway's configuration: YAML file or embedded defaults, `${ENV}` references expanded, environment
 * overrides applied, validated with zod. Every problem is reported at once, each naming its key; secrets given
 * as literals in the file are refused.
 */
export function loadConfig(opts: LoadConfigOptions = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const path = opts.embedded ? undefined : locate(opts, env, cwd);
  const source = path ?? EMBEDDED_DEFAULTS;
  const raw = path === undefined ? embeddedDefaults() : readYaml(path);

  const expanded = expandEnvRefs(raw, env);
  const issues = [...expanded.issues];
  const value = expanded.value as Record<string, unknown>;
  const overrides = applyEnvOverrides(value, env);
  const envRefPaths = new Set([...expanded.envRefPaths, ...overrides.secretPaths]);
  // A value that came from an environment variable is reported against the variable, not the file.
  const where = (path: string): string => {
    const variable = overrides.variables.get(path);
    return variable ? `${variable} (environment, sets ${path})` : path;
  };

  for (const secretPath of secretValuePaths(gatewayConfigSchema, value)) {
    if (!envRefPaths.has(secretPath)) issues.push(`${secretPath}: a secret must be an environment reference like \${KSEF_TOKEN}, not a value in the file`);
  }
  issues.push(...unknownKeys(gatewayConfigSchema, value));
  const parsed = gatewayConfigSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code !== 'unrecognized_keys') issues.push(`${where(formatPath(issue.path)) || '(top level)'}: ${issue.message}`);
    }
  }
  if (issues.length > 0 || !parsed.success) throwConfigIssues(source, issues);
  return { config: parsed.data, source, envRefPaths };
}
