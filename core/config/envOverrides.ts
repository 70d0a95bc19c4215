type Raw = Record<string, unknown>;

function section(raw: Raw, key: string): Raw {
  const existing = raw[key];
  if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) return existing as Raw;
  const created: Raw = {};
  raw[key] = created;
  return created;
}

function bool(value: string): boolean | string {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  return value; // left for the schema to reject, naming the key
}

function int(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

export interface EnvOverrides {
  /** Secret paths set from the environment: they count as environment references. */
  readonly secretPaths: Set<string>;
  /** Config path -> the variable that set it, so that a bad value is reported against the variable. */
  readonly variables: Map<string, string>;
}

/**
 * Applies the documented environment variables (DECISIONS.md 3, docs/config.md) on top of the file's values.
 */
export function applyEnvOverrides(raw: Raw, env: NodeJS.ProcessEnv): EnvOverrides {
  const secretPaths = new Set<string>();
  const variables = new Map<string, string>();
  const set = (name: string, path: string, apply: (v: string) => void): void => {
    const value = env[name];
    if (value === undefined || value === '') return;
    apply(value);
    variables.set(path, name);
  };
  set('KSEF_BASE_URL', 'ksef.baseUrl', (v) => { section(raw, 'ksef').baseUrl = v; });
  set('KSEF_GATEWAY_ENVIRONMENT', 'ksef.environment', (v) => { section(raw, 'ksef').environment = v; });
  set('KSEF_GATEWAY_SIMULATOR', 'ksef.simulator.enabled', (v) => { section(section(raw, 'ksef'), 'simulator').enabled = bool(v); });
  set('KSEF_SCHEMAS_DIR', 'schemasDir', (v) => { raw.schemasDir = v; });
  set('KSEF_GATEWAY_DATA_DIR', 'dataDir', (v) => { raw.dataDir = v; });
  set('KSEF_GATEWAY_LOG_LEVEL', 'log.level', (v) => { section(raw, 'log').level = v; });
  set('KSEF_GATEWAY_LOG_FORMAT', 'log.format', (v) => { section(raw, 'log').format = v; });
  set('KSEF_GATEWAY_ADMIN_ENABLED', 'admin.enabled', (v) => { section(raw, 'admin').enabled = bool(v); });
  set('KSEF_GATEWAY_ADMIN_HOST', 'admin.host', (v) => { section(raw, 'admin').host = v; });
  set('KSEF_GATEWAY_ADMIN_PORT', 'admin.port', (v) => { section(raw, 'admin').port = int(v); });

  const nip = env.KSEF_NIP || undefined;
  const token = env.KSEF_TOKEN || undefined;
  if (nip === undefined && token === undefined) return { secretPaths, variables };
  const contexts = Array.isArray(raw.contexts) ? (raw.contexts as Raw[]) : [];
  raw.contexts = contexts;
  let index = nip === undefined ? (contexts.length === 1 ? 0 : -1) : contexts.findIndex((c) => c?.nip === nip);
  if (index < 0) {
    contexts.unshift({ nip: nip ?? '' });
    index = 0;
  }
  if (nip !== undefined) variables.set(`contexts[${index}].nip`, 'KSEF_NIP');
  if (token !== undefined) {
    contexts[index] = { ...contexts[index], credential: { kind: 'token', token } };
    secretPaths.add(`contexts[${index}].credential.token`);
    variables.set(`contexts[${index}].credential.token`, 'KSEF_TOKEN');
  }
  return { secretPaths, variables };
}
