import { rejectDocument } from './rejectDocument.js';
import { explainKsefCode, withExplanation, type KsefCodeKind } from '../ksef/errors/ksefExplanations.js';
import { resolveDuplicate } from '../ksef/resolveDuplicate.js';
import type { SessionInvoiceStatus } from '../ksef/types/sessions.js';
import type { SessionClient } from './ports/KsefClientProvider.js';
import type { SessionRecord, SubmissionRecord, TransitionItem } from './ports/SubmissionStore.js';
import { backoff } from './PipelineOptions.js';
import { timed, type PipelineDeps } from './PipelineDeps.js';
import { requeue } from './Requeue.js';

/** Invoice status codes after which the invoice may be sent again (PROTOCOL.md §6.5): cancelled, unknown error. */
const RETRYABLE = new Set([405, 500, 550]);
const IN_PROGRESS = new Set([100, 150]);
/** A verdict not known yet (a 440 whose original could not be compared): the session is polled again. */
const UNRESOLVED = Symbol('unresolved');
const APPLY_CONCURRENCY = 16;
/** Acceptances recorded per commit: each carries its UPO bytes, so a 10,000-invoice session is not held in memory at once. */
const RECORD_EVERY = 1000;

/**
 * Reads a session's status and invoice list and moves each of its documents on. Only a session KSeF calls final
 * (code >= 200) lets an invoice that is missing from its list go back to the queue: until then it may still arrive.
 */
export class SessionResolver {
  constructor(private readonly deps: PipelineDeps) {}

  async poll(session: SessionRecord): Promise<void> {
    const { store } = this.deps;
    const client = await this.deps.clients.forContext(session.contextNip);
    const status = await timed(this.deps, 'getSessionStatus', () => client.getSessionStatus(session.ref));
    const pending = await store.listBySession(session.ref, ['sending', 'sent']);
    const byHash = new Map(pending.map((d) => [d.invoiceHash, d]));
    let inProgress = 0;
    const originals = new OriginalLookup(client, this.deps);
    if (pending.length > 0) {
      const matched: [SubmissionRecord, SessionInvoiceStatus][] = [];
      for await (const inv of invoicesOf(client, session.ref, this.deps)) {
        const doc = byHash.get(inv.invoiceHash);
        if (!doc) continue;
        byHash.delete(inv.invoiceHash);
        if (IN_PROGRESS.has(inv.status.code)) inProgress += 1;
        matched.push([doc, inv]);
      }
      // UPO downloads are pre-signed and not rate limited (DECISIONS.md 11): fetch several at once, and record the
      // acceptances with their UPOs together, a commit per chunk (also when some download failed: those are retried on
      // the next poll).
      const accepted: TransitionItem[] = [];
      const record = async (items: readonly TransitionItem[]): Promise<void> => {
        await store.transitionMany(items);
        for (const item of items) this.deps.metrics.transition(session.contextNip, item.to);
      };
      try {
        await inParallel(matched, APPLY_CONCURRENCY, async ([doc, inv]) => {
          const item = await this.apply(session, doc, inv, client, originals);
          if (item === UNRESOLVED) inProgress += 1;
          else if (item) accepted.push(item);
          if (accepted.length >= RECORD_EVERY) await record(accepted.splice(0));
        });
      } finally {
        await record(accepted.splice(0));
      }
    }
    const now = this.deps.now();
    const final = status.status.code >= 200 && inProgress === 0;
    if (!final) {
      await store.updateSession(session.ref, { statusCode: status.status.code, pollAttempts: session.pollAttempts + 1,
        nextPollAt: now + backoff(session.pollAttempts, this.deps.options.pollBaseMs, this.deps.options.pollMaxMs), now });
      return;
    }
    // A session KSeF cancelled for holding no invoice (440) failed as a whole, so it says nothing against any one
    // document: those go back without spending an attempt. A document missing from a session that KSeF otherwise
    // processed does spend one, so that a document KSeF keeps leaving out ends instead of looping.
    const sessionCancelled = status.status.code === 440;
    for (const doc of byHash.values()) {
      await requeue(this.deps, doc, `not in the invoice list of session ${session.ref} (status ${status.status.code})`, !sessionCancelled);
    }
    const pages = status.upo?.pages ?? [];
    const upoPages: Uint8Array[] = [];
    for (const page of pages) {
      const upo = await timed(this.deps, 'getSessionUpo', () => client.getSessionUpo(session.ref, page.referenceNumber, { downloadUrl: page.downloadUrl }));
      upoPages.push(upo.bytes);
    }
    await store.updateSession(session.ref, { state: status.status.code === 200 ? 'processed' : 'failed',
      statusCode: status.status.code, upoPages: upoPages.length > 0 ? upoPages : undefined, now: this.deps.now() });
    this.deps.logger.info({ sessionRef: session.ref, code: status.status.code, pages: pages.length }, 'session finished');
  }

  /** Records every verdict but acceptance, which it returns for the caller to record in bulk. */
  private async apply(session: SessionRecord, doc: SubmissionRecord, inv: SessionInvoiceStatus, client: SessionClient,
    originals: OriginalLookup): Promise<TransitionItem | typeof UNRESOLVED | undefined> {
    const { store } = this.deps;
    const code = inv.status.code;
    const now = this.deps.now();
    if (code === 200 && inv.ksefNumber) {
      return this.accept(doc, session.ref, inv, client);
    } else if (IN_PROGRESS.has(code)) {
      if (doc.state === 'sending') await store.transition(doc.id, 'sent', { now, invoiceRef: inv.referenceNumber }, 'sending');
    } else if (code === 440) {
      return this.duplicate(session, doc, inv, client, originals);
    } else if (RETRYABLE.has(code)) {
      await requeue(this.deps, doc, `KSeF invoice status ${code} ${withExplanation('invoice-status', code, inv.status.description)}`);
    } else {
      await rejectDocument(this.deps, doc, { now, invoiceRef: inv.referenceNumber, errors: [{ code: String(code),
        message: [inv.status.description, ...(inv.status.details ?? [])].join(': '), ...explained('invoice-status', code) }] });
    }
    return undefined;
  }

  /**
   * A 440 is our invoice only when the original has our bytes (DECISIONS.md 13). The original's session list is asked
   * first, then KSeF itself (the original downloaded by its KSeF number, hashes compared). While neither answers the
   * document stays `sent` and its session is polled again: the ERP is never told "rejected" for an invoice KSeF holds.
   */
  private async duplicate(session: SessionRecord, doc: SubmissionRecord, inv: SessionInvoiceStatus, client: SessionClient,
    originals: OriginalLookup): Promise<TransitionItem | typeof UNRESOLVED | undefined> {
    const original = await originals.find(inv).catch((err: unknown) => {
      this.deps.logger.warn({ docId: doc.id, err }, 'the session of a duplicate\'s original could not be listed; asking KSeF for the original');
      return undefined;
    });
    if (original?.status.ksefNumber) {
      if (original.status.invoiceHash === doc.invoiceHash) {
        this.deps.logger.info({ docId: doc.id, ksefNumber: original.status.ksefNumber }, 'duplicate resolved to the original');
        return this.accept(doc, original.sessionRef, original.status, client);
      }
      return this.numberInUse(doc, inv, original.status.ksefNumber);
    }
    const resolved = await resolveDuplicate(client, inv, doc.invoiceHash ?? '');
    const originalSession = inv.status.extensions?.originalSessionReferenceNumber;
    if (resolved.kind === 'different') return this.numberInUse(doc, inv, resolved.ksefNumber);
    if (resolved.kind === 'same' && originalSession) {
      const upo = await timed(this.deps, 'getInvoiceUpo', () => client.getInvoiceUpo(originalSession, { ksefNumber: resolved.ksefNumber }));
      this.deps.logger.info({ docId: doc.id, ksefNumber: resolved.ksefNumber }, 'duplicate resolved to the original by its hash in KSeF');
      return { id: doc.id, to: 'accepted', from: doc.state, patch: { now: this.deps.now(), ksefNumber: resolved.ksefNumber, invoiceRef: inv.referenceNumber,
        acquisitionDate: upoDate(upo.bytes) ?? inv.acquisitionDate ?? inv.invoicingDate, upo: upo.bytes } };
    }
    const reason = resolved.kind === 'unverified' ? resolved.reason : 'KSeF named no session of the original';
    this.deps.logger.warn({ docId: doc.id, ksefNumber: resolved.ksefNumber, reason }, 'duplicate not verified yet; asked again on the next poll');
    if (doc.state === 'sending') await this.deps.store.transition(doc.id, 'sent', { now: this.deps.now(), invoiceRef: inv.referenceNumber }, 'sending');
    return UNRESOLVED;
  }

  /** Another invoice, proven by its hash, holds this number in KSeF: a data error of the ERP. */
  private async numberInUse(doc: SubmissionRecord, inv: SessionInvoiceStatus, ksefNumber: string): Promise<undefined> {
    await rejectDocument(this.deps, doc, { now: this.deps.now(), invoiceRef: inv.referenceNumber, errors: [{ code: 'GW_PIPELINE_NUMBER_IN_USE',
      location: 'Fa/P_2', message: `Invoice number ${inv.invoiceNumber ?? doc.key?.invoiceNumber ?? ''} is already used by KSeF number ${ksefNumber} (a different invoice)` }] });
    return undefined;
  }

  private async accept(doc: SubmissionRecord, sessionRef: string, inv: SessionInvoiceStatus, client: SessionClient): Promise<TransitionItem> {
    const ksefNumber = inv.ksefNumber as string;
    const upo = await timed(this.deps, 'getInvoiceUpo', () => client.getInvoiceUpo(sessionRef,
      { invoiceReferenceNumber: inv.referenceNumber, ksefNumber, upoDownloadUrl: inv.upoDownloadUrl }));
    return { id: doc.id, to: 'accepted', from: doc.state, patch: { now: this.deps.now(), ksefNumber, invoiceRef: inv.referenceNumber,
      acquisitionDate: inv.acquisitionDate ?? inv.invoicingDate, upo: upo.bytes } };
  }
}

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await work(item).catch((e) => { errors.push(e); });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

async function* invoicesOf(client: SessionClient, ref: string, deps: PipelineDeps): AsyncGenerator<SessionInvoiceStatus> {
  let token: string | undefined;
  do {
    const page = await timed(deps, 'listSessionInvoices', () => client.listSessionInvoices(ref, token, { pageSize: 1000 }));
    yield* page.invoices;
    token = page.continuationToken ?? undefined;
  } while (token);
}

/** Finds the original of a 440 duplicate in its own session's list; one listing per session per poll. */
class OriginalLookup {
  private readonly sessions = new Map<string, Map<string, SessionInvoiceStatus>>();

  constructor(private readonly client: SessionClient, private readonly deps: PipelineDeps) {}

  async find(dup: SessionInvoiceStatus): Promise<{ sessionRef: string; status: SessionInvoiceStatus } | undefined> {
    const ksef = dup.status.extensions?.originalKsefNumber;
    const sessionRef = dup.status.extensions?.originalSessionReferenceNumber;
    if (!ksef || !sessionRef) return undefined;
    let byKsef = this.sessions.get(sessionRef);
    if (!byKsef) {
      byKsef = new Map();
      for await (const inv of invoicesOf(this.client, sessionRef, this.deps)) if (inv.ksefNumber) byKsef.set(inv.ksefNumber, inv);
      this.sessions.set(sessionRef, byKsef);
    }
    const status = byKsef.get(ksef);
    return status && { sessionRef, status };
  }
}

/** When KSeF assigned the number, read leniently from a per-invoice UPO (DECISIONS.md 10). */
function upoDate(upo: Uint8Array): string | undefined {
  return /<(?:\w+:)?DataNadaniaNumeruKSeF>([^<]+)</.exec(Buffer.from(upo).toString('utf8'))?.[1]?.trim();
}

/** `{ explanation }` for a known KSeF code, nothing otherwise. */
function explained(kind: KsefCodeKind, code: number): { explanation?: string } {
  const explanation = explainKsefCode(kind, code);
  return explanation ? { explanation } : {};
}
