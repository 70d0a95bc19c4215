/** Keys that are secret wherever they appear in a log object, whatever the schema says. */
export const ALWAYS_SECRET_KEYS = [
  'token', 'ksefToken', 'authenticationToken', 'accessToken', 'refreshToken', 'authorization', 'Authorization',
  'password', 'privateKey', 'masterKey', 'apiKey', 'secret',
] as const;

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `a.b-c` -> `a["b-c"]`: pino's redact paths are JS accessors. */
function accessor(path: string): string {
  return path.split('.').map((seg, i) => {
    const m = /^([^[]*)((?:\[\*\])*)$/.exec(seg);
    const [name, arrays] = m ? [m[1], m[2]] : [seg, ''];
    if (name === '*' || IDENT.test(name)) return `${i === 0 ? '' : '.'}${name}${arrays}`;
    return `["${name}"]${arrays}`;
  }).join('');
}

/**
 * Pino redact paths for a set of secret schema paths (`contexts[*].credential.token`): the full path, plus the leaf
 * key up to three levels deep, so the secret is hidden also when a fragment of the config object is logged.
 */
export function redactPathsFor(secretPaths: readonly string[], extraKeys: readonly string[] = ALWAYS_SECRET_KEYS): string[] {
  const out = new Set<string>();
  const keys = new Set<string>(extraKeys);
  for (const path of secretPaths) {
    if (path === '') continue;
    out.add(accessor(path));
    const leaf = path.split('.').pop()!.replace(/\[\*\]$/g, '');
    if (leaf !== '*') keys.add(leaf);
  }
  for (const key of keys) {
    const k = IDENT.test(key) ? key : `["${key}"]`;
    const dot = IDENT.test(key) ? '.' : '';
    out.add(k);
    out.add(`*${dot}${k}`);
    out.add(`*.*${dot}${k}`);
    out.add(`*.*.*${dot}${k}`);
  }
  return [...out];
}
