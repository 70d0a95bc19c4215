import type { DocumentListQuery } from '../../core/pipeline/ports/SubmissionStore.js';

/**
 * The WHERE clause and values of `listDocuments`, for either database: `param(i)` names the i-th value (`?` in
 * SQLite, `$i` in PostgreSQL). The order (created_at, id descending) rides on the documents_listing index.
 */
export function documentListWhere(q: DocumentListQuery, param: (i: number) => string): { where: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (v: unknown): string => {
    values.push(v);
    return param(values.length);
  };
  const parts = [`source = ${p(q.source)}`];
  if (q.erpIdPrefixes !== undefined) {
    parts.push(q.erpIdPrefixes.length === 0 ? '1 = 0'
      : `(${q.erpIdPrefixes.map((prefix) => `substr(erp_id, 1, ${p(prefix.length)}) = ${p(prefix)}`).join(' OR ')})`);
  }
  if (q.erpId !== undefined) parts.push(`erp_id = ${p(q.erpId)}`);
  if (q.states !== undefined) parts.push(q.states.length === 0 ? '1 = 0' : `state IN (${q.states.map((s) => p(s)).join(', ')})`);
  if (q.contextNip !== undefined) parts.push(`context_nip = ${p(q.contextNip)}`);
  if (q.createdFrom !== undefined) parts.push(`created_at >= ${p(q.createdFrom)}`);
  if (q.createdTo !== undefined) parts.push(`created_at < ${p(q.createdTo)}`);
  if (q.before) parts.push(`(created_at < ${p(q.before.createdAt)} OR (created_at = ${p(q.before.createdAt)} AND id < ${p(q.before.id)}))`);
  return { where: parts.join(' AND '), values };
}
