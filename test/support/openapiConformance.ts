import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { OPENAPI_PATH } from './sharedDir.js';

/**
 * Checks requests and responses against KSeF's openapi.json (3.0.x) with ajv.
 * OpenAPI 3.0 is not JSON Schema: `nullable` is rewritten to `anyOf [null, schema]` (it also sits beside `allOf`
 * in this spec), and formats ajv-formats does not know are accepted as is.
 */

type Json = Record<string, unknown>;
interface Operation { requestBody?: { content?: Record<string, { schema?: Json }> }; responses?: Record<string, Response> }
interface Response { content?: Record<string, { schema?: Json }> }

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (a: Ajv) => Ajv;
const SPEC_ID = 'ksef-openapi';

const spec = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Json } };

function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'example' || key === 'nullable' || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out.$ref = `${SPEC_ID}${value}`;
    else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v)]));
    } else out[key] = toJsonSchema(value);
  }
  if ((node as Json).nullable === true) {
    const { description, ...rest } = out;
    return { description, anyOf: [{ type: 'null' }, rest] };
  }
  return out;
}

// unicodeRegExp off: the spec's patterns are .NET regexes (e.g. EnrollCertificateRequest.certificateName escapes a space, invalid under /u).
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, unicodeRegExp: false });
addFormats(ajv);
for (const unknownFormat of ['int32', 'int64', 'double', 'float', 'byte', 'binary', 'uri']) {
  if (!ajv.formats[unknownFormat]) ajv.addFormat(unknownFormat, true);
}
ajv.addSchema({ $id: SPEC_ID, components: { schemas: toJsonSchema(spec.components.schemas) } });

const compiled = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: Json): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(toJsonSchema(schema) as Json);
    compiled.set(key, fn);
  }
  return fn;
}

const templates = Object.keys(spec.paths).map((template) => ({ template, segments: template.split('/').filter(Boolean) }));

/** Accepts a template (`/sessions/{referenceNumber}`), a concrete path, or a full URL; strips `/v2` and the query. */
export function resolvePathTemplate(method: string, pathOrUrl: string): string {
  let path = pathOrUrl.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
  if (spec.paths[path]) return path;
  path = path.replace(/^\/v2(?=\/)/, '');
  if (spec.paths[path]) return path;
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  const m = method.toLowerCase();
  let best: { template: string; literals: number } | undefined;
  for (const t of templates) {
    if (t.segments.length !== segments.length || !spec.paths[t.template][m]) continue;
    let literals = 0;
    const fits = t.segments.every((s, i) => (s.startsWith('{') ? true : s === segments[i] && ++literals > 0));
    if (fits && (!best || literals > best.literals)) best = { template: t.template, literals };
  }
  if (!best) throw new Error(`openapi: no operation ${method.toUpperCase()} ${pathOrUrl}`);
  return best.template;
}

function operation(method: string, path: string): { template: string; op: Operation } {
  const template = resolvePathTemplate(method, path);
  const op = spec.paths[template][method.toLowerCase()];
  if (!op) throw new Error(`openapi: ${template} has no ${method.toUpperCase()} operation`);
  return { template, op };
}

function check(fn: ValidateFunction, body: unknown, what: string): void {
  if (!fn(body)) {
    const errors = (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    throw new Error(`openapi: ${what} does not conform:\n  ${errors.join('\n  ')}\nbody: ${JSON.stringify(body)?.slice(0, 2000)}`);
  }
}

/** Throws unless `body` is a valid JSON request body for the operation (bodiless operations accept only undefined). */
export function assertRequestConforms(method: string, pathTemplateOrConcretePath: string, body: unknown): void {
  const { template, op } = operation(method, pathTemplateOrConcretePath);
  const schema = op.requestBody?.content?.['application/json']?.schema;
  if (!schema) {
    if (body !== undefined && op.requestBody === undefined) throw new Error(`openapi: ${method.toUpperCase()} ${template} takes no body`);
    return;
  }
  check(validatorFor(`req ${method} ${template}`, schema), body, `request ${method.toUpperCase()} ${template}`);
}

/**
 * Throws unless `status` is declared for the operation and `body` matches the schema of `contentType`
 * (default: the first JSON content declared). 5xx is not in the spec; KSeF answers it with ExceptionResponse.
 * XML bodies are only checked to be non-empty strings.
 */
export function assertResponseConforms(method: string, path: string, status: number, body: unknown, contentType?: string): void {
  const { template, op } = operation(method, path);
  const what = `response ${status} of ${method.toUpperCase()} ${template}`;
  const declared = op.responses?.[String(status)];
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  if (!declared) {
    if (status >= 500) {
      check(validatorFor('5xx', { $ref: '#/components/schemas/ExceptionResponse' }), body, what);
      return;
    }
    throw new Error(`openapi: ${what} is not declared (declared: ${Object.keys(op.responses ?? {}).join(', ')})`);
  }
  const content = declared.content ?? {};
  const types = Object.keys(content);
  if (types.length === 0) {
    if (body !== undefined && body !== '' && body !== null) throw new Error(`openapi: ${what} must have no body`);
    return;
  }
  const chosen = mediaType ?? types.find((t) => t.includes('json')) ?? types[0];
  const media = content[chosen];
  if (!media) throw new Error(`openapi: ${what} has content type ${chosen}, declared: ${types.join(', ')}`);
  if (chosen.includes('xml')) {
    if (typeof body !== 'string' || body.length === 0) throw new Error(`openapi: ${what} must be a non-empty XML string`);
    return;
  }
  if (media.schema) check(validatorFor(`res ${method} ${template} ${status} ${chosen}`, media.schema), body, what);
}
