import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GatewayError } from '../errors/GatewayError.js';

/** Built-in plugins by id: a static map, never a folder scan (STYLE.md). */
export type BuiltinPlugins = Readonly<Record<string, () => Promise<unknown>>>;

function isPath(use: string): boolean {
  return use.startsWith('./') || use.startsWith('../') || isAbsolute(use);
}

/**
 * Loads the module that `plugins[].use` names: a built-in id, a `./path` (relative to `baseDir`) or an npm package.
 * Returns its default export (or the module itself when it has none), unchecked.
 */
export async function resolvePlugin(use: string, builtins: BuiltinPlugins, baseDir: string, where: string): Promise<unknown> {
  const builtin = Object.hasOwn(builtins, use) ? builtins[use] : undefined;
  const specifier = builtin ? undefined : isPath(use) ? pathToFileURL(resolve(baseDir, use)).href : use;
  let mod: unknown;
  try {
    mod = builtin ? await builtin() : await import(specifier!);
  } catch (cause) {
    const known = Object.keys(builtins).join(', ') || 'none';
    throw new GatewayError('GW_PLUGIN_NOT_FOUND', 'config',
      `${where}.use: cannot load plugin '${use}' (built-in ids: ${known}; or an npm package, or a ./path): ${(cause as Error).message}`,
      { cause, location: `${where}.use` });
  }
  const withDefault = mod as { default?: unknown };
  return withDefault.default ?? mod;
}
