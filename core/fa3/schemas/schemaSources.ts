/**
 * Where the official XSDs are published. The FA(3) schema is the legal one on crd.gov.pl (its namespace is its
 * address); its imports are discovered from its `schemaLocation`s. The UPO and auth schemas are published only in
 * the Ministry's documentation repository (CIRFMF/ksef-docs), which the API docs link to.
 */
export interface SchemaSource {
  /** Path inside the schemas directory; imports land in `<dir of root>/bazowe/<file name>` (the ksef-docs layout). */
  readonly path: string;
  readonly url: string;
  /** Needed for invoice validation; an optional source that cannot be fetched is skipped with a warning. */
  readonly required: boolean;
}

const CIRFMF_DOCS = 'https://raw.githubusercontent.com/CIRFMF/ksef-docs/main';

export const SCHEMA_SOURCES: readonly SchemaSource[] = [
  { path: 'fa3/schemat_FA(3)_v1-0E.xsd', url: 'https://crd.gov.pl/wzor/2025/06/25/13775/schemat.xsd', required: true },
  { path: 'upo/v4-3/upo-v4-3.xsd', url: `${CIRFMF_DOCS}/faktury/upo/schemy/upo-v4-3.xsd`, required: false },
  { path: 'auth/schemat_auth_v2-1.xsd', url: `${CIRFMF_DOCS}/auth/schemy/schemat_auth_v2-1.xsd`, required: false },
];

/** The file `Fa3XsdValidator.load(dir)` and `locateSchemas` look for. */
export const FA3_ROOT_SCHEMA = 'fa3/schemat_FA(3)_v1-0E.xsd';
export const MANIFEST_FILE = 'manifest.json';

/**
 * The schemas name their imports with `http://crd.gov.pl/...`; we fetch over https. With an override base
 * (`--from`), every address keeps its path and takes the override's origin, so a mirror serves one tree.
 */
export function effectiveUrl(url: string, overrideBase?: string): string {
  const u = new URL(url);
  if (u.protocol === 'http:' && u.hostname === 'crd.gov.pl') u.protocol = 'https:';
  if (overrideBase === undefined) return u.toString();
  const base = new URL(overrideBase);
  const prefix = base.pathname.replace(/\/+$/, '');
  return new URL(`${prefix}${u.pathname}${u.search}`, base.origin).toString();
}
