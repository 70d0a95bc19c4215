import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { decodeText, decodeXml, type DecodedText, type ErpDocument, type InvoiceDraft, type OtherEncodings } from '../../core/plugin-api/index.js';
import { InboxFileError } from './InboxFileError.js';

export const INBOX_EXTENSIONS = ['.xml', '.json'] as const;
/** Far above any invoice KSeF takes (3 MB with attachments): a bigger file is refused unread. */
export const MAX_INBOX_FILE_BYTES = 16 * 1024 * 1024;

/** The ERP id of a dropped file: its name without the extension (`FV-2026-001.xml` -> `FV-2026-001`). */
export function erpIdOf(fileName: string): string {
  return basename(fileName, extname(fileName));
}

export interface ReadInboxOptions {
  readonly urgent: boolean;
  readonly followSymlinks: boolean;
  readonly otherEncodings: OtherEncodings;
}

/**
 * Turns one dropped file into a document: `.xml` is ready FA(3) XML, `.json` an invoice draft (docs/drafts.md) or
 * canonical FA(3) JSON. Only a regular
 * file is read: it is opened without blocking (a FIFO never stalls the poll) and without following a symbolic link
 * unless configured, and checked on the open handle. Bytes are decoded strictly (`decodeXml`/`decodeText`). Throws
 * an `InboxFileError` naming the file, the place and the reason.
 */
export async function readInboxFile(path: string, opts: ReadInboxOptions): Promise<ErpDocument> {
  const name = basename(path);
  const bytes = await readRegularFile(path, name, opts.followSymlinks);
  const erpId = erpIdOf(name);
  const isXml = extname(name).toLowerCase() === '.xml';
  const decoded: DecodedText = isXml ? decodeXml(bytes, { otherEncodings: opts.otherEncodings, source: name }) : decodeText(bytes, { source: name });
  if (!decoded.ok) {
    const p = decoded.error.position;
    throw new InboxFileError(decoded.error.code, decoded.error.message, p ? `line ${p.line}, column ${p.column}` : undefined);
  }
  if (isXml) return { erpId, urgent: opts.urgent, payload: { format: 'fa3-xml', xml: decoded.text } };
  let invoice: unknown;
  try {
    // RFC 8259 lets a parser ignore a byte order mark; JSON.parse does not.
    invoice = JSON.parse(decoded.text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InboxFileError('GW_INBOX_BAD_JSON', `${name}: not valid JSON: ${(err as Error).message}`);
  }
  if (invoice === null || typeof invoice !== 'object' || Array.isArray(invoice)) {
    throw new InboxFileError('GW_INBOX_BAD_JSON', `${name}: a JSON file must hold one object (an invoice draft or canonical FA(3) JSON)`);
  }
  if (isDraft(invoice as Record<string, unknown>)) {
    // The draft's JSON pointers are pointers into this very file: every finding names the file beside its field.
    return { erpId, urgent: opts.urgent, payload: { format: 'draft', draft: invoice as InvoiceDraft, sources: { '': { kind: 'file', file: name } } } };
  }
  return { erpId, urgent: opts.urgent, payload: { format: 'fa3-json', invoice } };
}

/**
 * A draft names its kind in lower-case `kind` (`"kind": "VAT"`); canonical FA(3) JSON has only FA(3) element names,
 * which start with a capital (`Naglowek`, `Podmiot1`, `Fa`). An object with both is taken as FA(3), whose checks
 * then name the stray key.
 */
function isDraft(json: Record<string, unknown>): boolean {
  return Object.prototype.hasOwnProperty.call(json, 'kind') && !['Naglowek', 'Podmiot1', 'Fa'].some((k) => Object.prototype.hasOwnProperty.call(json, k));
}

async function readRegularFile(path: string, name: string, followSymlinks: boolean): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | (followSymlinks ? 0 : constants.O_NOFOLLOW));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new InboxFileError('GW_INBOX_SYMLINK', `${name}: is a symbolic link; links are not followed unless followSymlinks is set`);
    throw new InboxFileError('GW_INBOX_UNREADABLE', `${name}: cannot be opened: ${code ?? (err as Error).message}`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new InboxFileError('GW_INBOX_NOT_A_FILE', `${name}: is not a regular file (a FIFO, socket, device or folder is never read)`);
    if (st.size > MAX_INBOX_FILE_BYTES) throw new InboxFileError('GW_INBOX_TOO_LARGE', `${name}: ${st.size} bytes, more than the ${MAX_INBOX_FILE_BYTES} an inbox file may have`);
    return await handle.readFile();
  } catch (err) {
    if (err instanceof InboxFileError) throw err;
    throw new InboxFileError('GW_INBOX_UNREADABLE', `${name}: cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  } finally {
    await handle.close();
  }
}
