import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { GatewayError } from '../../errors/GatewayError.js';
import { schemaCacheDir } from '../../config/paths.js';
import { Fa3XsdValidator } from '../validation/Fa3XsdValidator.js';
import { CATALOG_FILE, catalogFor } from './catalogFor.js';
import { effectiveUrl, MANIFEST_FILE, SCHEMA_SOURCES, type SchemaSource } from './schemaSources.js';
import { swapIntoPlace } from './swapIntoPlace.js';

export interface InstalledSchema {
  readonly path: string;
  /** The official address (as the schemas name it). */
  readonly url: string;
  /** Where it was actually fetched from (differs with `--from`). */
  readonly fetchedFrom: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface SchemaManifest {
  readonly installedAt: string;
  readonly source: string;
  readonly files: readonly InstalledSchema[];
}

export interface InstallSchemasOptions {
  /** Target directory; default `schemaCacheDir()`. */
  dir?: string;
  /** Mirror base replacing the official origins (paths are kept); default `KSEF_GATEWAY_SCHEMAS_FROM`. */
  from?: string;
  sources?: readonly SchemaSource[];
  env?: NodeJS.ProcessEnv;
  now?: Date;
  /** Skipped optional schemas are reported here. */
  warn?: (message: string) => void;
  timeoutMs?: number;
}

const IMPORT_RE = /<(?:[\w-]+:)?(?:import|include)\b[^>]*?\bschemaLocation\s*=\s*["']([^"']+)["']/g;
const SCHEMA_ROOT_RE = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:[\w-]+:)?schema[\s>]/;

/**
 * Downloads the official XSDs and their imports, checks each one parses as an XML schema, records their sha256 in
 * `manifest.json` and swaps the whole set into place at once: a failed install leaves the previous set untouched.
 */
export async function installSchemas(opts: InstallSchemasOptions = {}): Promise<SchemaManifest> {
  const env = opts.env ?? process.env;
  const target = resolve(opts.dir ?? schemaCacheDir(env));
  const from = opts.from ?? env.KSEF_GATEWAY_SCHEMAS_FROM;
  if (from !== undefined && !/^https?:\/\//.test(from)) {
    throw new GatewayError('GW_SCHEMAS_BAD_SOURCE', 'config', `--from must be an http(s) URL, got "${from}"`);
  }
  const dispatcher = new EnvHttpProxyAgent();
  const staging = `${target}.staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  const files: InstalledSchema[] = [];
  try {
    for (const source of opts.sources ?? SCHEMA_SOURCES) {
      try {
        const fetched = await fetchTree(source, from, dispatcher, opts.timeoutMs ?? 30_000);
        for (const f of fetched) {
          await mkdir(dirname(join(staging, f.path)), { recursive: true });
          await writeFile(join(staging, f.path), f.body);
          files.push({ path: f.path, url: f.url, fetchedFrom: f.fetchedFrom, sha256: f.sha256, bytes: f.body.length });
        }
        if (fetched.length > 1) await writeFile(join(staging, posix.dirname(source.path), CATALOG_FILE), catalogFor(fetched.slice(1).map((f) => f.url)));
      } catch (err) {
        if (source.required) throw err;
        opts.warn?.(`skipped optional schema ${source.path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    await verifyCompiles(staging);
    const manifest: SchemaManifest = { installedAt: (opts.now ?? new Date()).toISOString(), source: from ?? 'official', files };
    await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await swapIntoPlace(staging, target);
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await dispatcher.close();
  }
}

interface FetchedFile { path: string; url: string; fetchedFrom: string; body: Buffer; sha256: string }

/** Fetches a root schema and, breadth first, every schema it imports or includes. */
async function fetchTree(root: SchemaSource, from: string | undefined, dispatcher: EnvHttpProxyAgent, timeoutMs: number): Promise<FetchedFile[]> {
  const rootDir = posix.dirname(root.path);
  const queue: { url: string; path: string }[] = [{ url: root.url, path: root.path }];
  const seen = new Set<string>([root.url]);
  const out: FetchedFile[] = [];
  while (queue.length > 0) {
    const { url, path } = queue.shift()!;
    const fetchedFrom = effectiveUrl(url, from);
    const body = await download(fetchedFrom, dispatcher, timeoutMs);
    const text = body.toString('utf8');
    verifySchema(text, path, fetchedFrom);
    out.push({ path, url, fetchedFrom, body, sha256: createHash('sha256').update(body).digest('hex') });
    for (const m of text.matchAll(IMPORT_RE)) {
      const dep = new URL(m[1], url).toString();
      if (seen.has(dep)) continue;
      seen.add(dep);
      queue.push({ url: dep, path: posix.join(rootDir, 'bazowe', basename(new URL(dep).pathname)) });
    }
  }
  return out;
}

async function download(url: string, dispatcher: EnvHttpProxyAgent, timeoutMs: number): Promise<Buffer> {
  let res;
  try {
    res = await undiciFetch(url, { dispatcher, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    throw new GatewayError('GW_SCHEMAS_DOWNLOAD', 'transient', `cannot download ${url}: ${(err as Error).message}`, { cause: err });
  }
  if (!res.ok) {
    await res.body?.cancel();
    const kind = res.status >= 500 || res.status === 429 ? 'transient' : 'config';
    throw new GatewayError('GW_SCHEMAS_DOWNLOAD', kind, `cannot download ${url}: HTTP ${res.status}`, { details: { status: res.status } });
  }
  return Buffer.from(await res.arrayBuffer());
}

function verifySchema(text: string, path: string, url: string): void {
  const result = XMLValidator.validate(text);
  if (result !== true) {
    throw new GatewayError('GW_SCHEMAS_INVALID', 'data', `${url} (${path}) is not well-formed XML: ${result.err.msg} at line ${result.err.line}`);
  }
  if (!SCHEMA_ROOT_RE.test(text.replace(/^\uFEFF/, ''))) {
    throw new GatewayError('GW_SCHEMAS_INVALID', 'data', `${url} (${path}) is not an XML schema (no xsd:schema root)`);
  }
}

/** Parsing each file is not enough: the set must compile as the FA(3) schema, offline, before it replaces anything. */
async function verifyCompiles(dir: string): Promise<void> {
  try {
    (await Fa3XsdValidator.load(dir)).dispose();
  } catch (err) {
    throw new GatewayError('GW_SCHEMAS_INVALID', 'data', `the downloaded FA(3) schemas do not compile: ${(err as Error).message}`, { cause: err });
  }
}
