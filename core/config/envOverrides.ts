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

/**
 * Applies the documented environment variables (DECISIONS.md 3, docs/config.md) on top of the file's values.
 * Returns the paths set from the environment: a secret set this way counts as an environment reference.
 */
export function applyEnvOverrides(raw: Raw, env: NodeJS.ProcessEnv): Set<string> {
  const fromEnv = new Set<string>();
  const set = (env_: string | undefined, apply: (v: string) => void): void => {
    if (env_ !== undefined && env_ !== '') apply(env_);
  };
  set(env.KSEF_BASE_URL, (v) => { section(raw, 'ksef').baseUrl = v; });
  set(env.KSEF_GATEWAY_ENVIRONMENT, (v) => { section(raw, 'ksef').environment = v; });
  set(env.KSEF_GATEWAY_SIMULATOR, (v) => { section(section(raw, 'ksef'), 'simulator').enabled = bool(v); });
  set(env.KSEF_SCHEMAS_DIR, (v) => { raw.schemasDir = v; });
  set(env.KSEF_GATEWAY_DATA_DIR, (v) => { raw.dataDir = v; });
  set(env.KSEF_GATEWAY_LOG_LEVEL, (v) => { section(raw, 'log').level = v; });
  set(env.KSEF_GATEWAY_ADMIN_ENABLED, (v) => { section(raw, 'admin').enabled = bool(v); });
  set(env.KSEF_GATEWAY_ADMIN_HOST, (v) => { section(raw, 'admin').host = v; });
  set(env.KSEF_GATEWAY_ADMIN_PORT, (v) => { section(raw, 'admin').port = int(v); });

  const nip = env.KSEF_NIP || undefined;
  const token = env.KSEF_TOKEN || undefined;
  if (nip === undefined && token === undefined) return fromEnv;
  const contexts = Array.isArray(raw.contexts) ? (raw.contexts as Raw[]) : [];
  raw.contexts = contexts;
  let index = nip === undefined ? (contexts.length === 1 ? 0 : -1) : contexts.findIndex((c) => c?.nip === nip);
  if (index < 0) {
    contexts.unshift({ nip: nip ?? '' });
    index = 0;
  }
  if (token !== undefined) {
    contexts[index] = { ...contexts[index], credential: { kind: 'token', token } };
    fromEnv.add(`contexts[${index}].credential.token`);
  }
  return fromEnv;
}
