import { credentialStatus } from '../credentials/credentialStatus.js';
import { GatewayError } from '../errors/GatewayError.js';
import type { ContextView, DocumentFilter, DocumentPage, DocumentView, GatewayQueries } from '../plugin-api/GatewayQueries.js';
import { kodILink } from '../pipeline/kodILink.js';
import type { SubmissionRecord, SubmissionStore } from '../pipeline/ports/SubmissionStore.js';
import type { UpoFiles } from '../pipeline/UpoFiles.js';
import type { CredentialVault } from '../vault/CredentialVault.js';

export interface PluginQueriesDeps {
  readonly store: SubmissionStore;
  readonly vault: CredentialVault;
  readonly upos: UpoFiles;
  readonly qrBaseUrl: string;
  /** The configured contexts, listed even before they have a credential. */
  readonly contexts: () => readonly string[];
  readonly now: () => number;
}

const MAX_PAGE = 500;

/**
 * `ctx.queries` of one plugin instance: reads the store and the vault, never returns a secret, and answers as if a
 * document of another instance did not exist.
 */
export class PluginQueries implements GatewayQueries {
  constructor(private readonly deps: PluginQueriesDeps, private readonly source: string) {}

  private async own(id: string): Promise<SubmissionRecord | undefined> {
    const doc = await this.deps.store.get(id);
    return doc?.source === this.source ? doc : undefined;
  }

  async document(id: string): Promise<DocumentView | undefined> {
    const doc = await this.own(id);
    return doc ? this.view(doc) : undefined;
  }

  async documents(filter: DocumentFilter): Promise<DocumentPage> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), MAX_PAGE);
    const docs = await this.deps.store.listDocuments({
      source: this.source, erpIdPrefixes: filter.erpIdPrefixes, erpId: filter.erpId, states: filter.states, contextNip: filter.contextNip,
      createdFrom: filter.from === undefined ? undefined : Date.parse(filter.from),
      createdTo: filter.to === undefined ? undefined : Date.parse(filter.to),
      before: filter.cursor === undefined ? undefined : decodeCursor(filter.cursor), limit: limit + 1,
    });
    const items = docs.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map((d) => this.view(d)), ...(docs.length > limit && last ? { next: encodeCursor(last) } : {}) };
  }

  async xml(id: string): Promise<Buffer | undefined> {
    return (await this.own(id)) ? this.deps.store.getXml(id) : undefined;
  }

  async upo(id: string): Promise<Buffer | undefined> {
    const doc = await this.own(id);
    if (!doc) return undefined;
    return (await this.deps.store.getUpo(id)) ?? (doc.upoPath ? this.deps.upos.read(doc.upoPath) : undefined);
  }

  async retryDelivery(id: string): Promise<'scheduled' | 'not-final' | 'unknown'> {
    const doc = await this.own(id);
    if (!doc) return 'unknown';
    // A delivered outcome is handed over again too (an ERP that lost it), with its attempts restarted.
    return (await this.deps.store.redeliver(id, this.deps.now())) ? 'scheduled' : 'not-final';
  }

  async contexts(): Promise<ContextView[]> {
    // credentialStatus reads each certificate for its expiry; it never returns a secret.
    const [credentials, paused] = await Promise.all([credentialStatus(this.deps.vault, { now: new Date(this.deps.now()) }), this.deps.store.pausedContexts()]);
    const nips = [...new Set([...this.deps.contexts(), ...credentials.map((c) => c.contextNip), ...paused.keys()])].sort();
    return nips.map((contextNip) => ({
      contextNip,
      paused: paused.has(contextNip),
      ...(paused.has(contextNip) ? { pausedReason: paused.get(contextNip) } : {}),
      credentials: credentials.filter((c) => c.contextNip === contextNip).map((c) => ({
        kind: c.kind, status: c.status, statusReason: c.statusReason, permissions: c.permissions, referenceNumber: c.referenceNumber,
        ksefStatus: c.ksefStatus, lastAuthenticatedAt: c.lastAuthenticatedAt, expiresAt: c.certificate?.expiry.notAfter, updatedAt: c.updatedAt,
      })),
    }));
  }

  private view(d: SubmissionRecord): DocumentView {
    const accepted = d.ksefNumber !== undefined && d.invoiceHash !== undefined && d.key && d.issueDate;
    return {
      documentId: d.id, erpId: d.erpId, state: d.state, urgent: d.urgent, contextNip: d.contextNip, invoiceNumber: d.key?.invoiceNumber,
      ksefNumber: d.ksefNumber, acquisitionDate: d.acquisitionDate, invoiceHash: d.invoiceHash,
      verificationUrl: accepted ? kodILink(this.deps.qrBaseUrl, d.key!.sellerNip, d.issueDate!, d.invoiceHash!) : undefined,
      errors: d.errors, warnings: d.warnings ?? [], createdAt: new Date(d.createdAt).toISOString(), updatedAt: new Date(d.updatedAt).toISOString(),
    };
  }
}

function encodeCursor(d: SubmissionRecord): string {
  return Buffer.from(`${d.createdAt}:${d.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const at = text.indexOf(':');
  const createdAt = Number(text.slice(0, at));
  if (at <= 0 || !Number.isInteger(createdAt)) {
    throw new GatewayError('GW_QUERY_BAD_CURSOR', 'data', 'The cursor is not one this gateway handed out', { location: 'cursor' });
  }
  return { createdAt, id: text.slice(at + 1) };
}
