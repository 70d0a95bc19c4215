import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../../errors/GatewayError.js';
import type { KsefClient } from '../../ksef/KsefClient.js';
import { KsefApiError } from '../../ksef/errors/KsefApiError.js';
import { KsefOutcomeUnknownError } from '../../ksef/errors/KsefOutcomeUnknownError.js';
import { sha256Base64 } from '../../ksef/crypto/sha256Base64.js';
import type { SessionInvoiceStatus } from '../../ksef/types/sessions.js';
import type { ValidationIssue } from '../../fa3/validation/ValidationIssue.js';
import type { FileResult } from './FileResult.js';
import { finishInvoice, isFinal } from './finishInvoice.js';

export interface SendFilesOptions {
  readonly mode: 'online' | 'batch';
  readonly upoDir: string;
  readonly format?: 'zip' | 'tar.gz';
  readonly offlineMode?: boolean;
  readonly pollIntervalMs?: number;
  /** How long to wait for KSeF to process; files still in progress are reported `pending`. */
  readonly timeoutMs?: number;
  /** Checks each file before it is sent (as `submit` does); a file with errors is reported `invalid` and not sent. */
  readonly validate?: (bytes: Buffer, file: string) => readonly ValidationIssue[];
}

interface Tracked { file: string; hash: string; ref?: string; status?: SessionInvoiceStatus }

/** `ksef-gateway send`: one result per file, in order; a bad file never stops the others. */
export async function sendFiles(client: KsefClient, files: readonly string[], opts: SendFilesOptions, report: (r: FileResult) => void): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const emit = (r: FileResult): void => { results.push(r); report(r); };
  const readable: { file: string; bytes: Buffer }[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      emit({ file, outcome: 'error', message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const errors = (opts.validate?.(bytes, file) ?? []).filter((i) => i.severity === 'error');
    if (errors.length > 0) emit({ file, outcome: 'invalid', issues: errors.map(({ code, location, message }) => ({ code, location, message })) });
    else readable.push({ file, bytes });
  }
  if (readable.length === 0) return results;
  const run = opts.mode === 'batch' ? sendBatchFiles : sendOnlineFiles;
  await run(client, readable, opts, emit);
  return results;
}

async function sendOnlineFiles(client: KsefClient, files: { file: string; bytes: Buffer }[], opts: SendFilesOptions, emit: (r: FileResult) => void): Promise<void> {
  const session = await client.openOnlineSession();
  const tracked: Tracked[] = [];
  try {
    for (const { file, bytes } of files) {
      const hash = sha256Base64(bytes);
      try {
        const sent = await client.sendOnlineInvoice(session, bytes, { offlineMode: opts.offlineMode });
        tracked.push({ file, hash, ref: sent.invoiceReferenceNumber });
      } catch (err) {
        if (err instanceof KsefOutcomeUnknownError) {
          // Only a lookup that answered may say the invoice is not there; a failed one leaves it unknown.
          let found: Awaited<ReturnType<KsefClient['findSentInvoice']>>;
          try {
            found = await client.findSentInvoice(session.referenceNumber, hash);
          } catch (lookup) {
            emit({ file, outcome: 'unknown', message: `KSeF did not confirm receipt, and looking the invoice up in session ${session.referenceNumber} `
              + `failed (${(lookup as Error).message}): KSeF may hold it. Check that session's invoices before sending it again `
              + '(if KSeF holds it, a second send is refused as a duplicate, 440)' });
            continue;
          }
          if (found) tracked.push({ file, hash, ref: found.referenceNumber });
          else emit({ file, outcome: 'error', message: `KSeF did not confirm receipt and does not list the invoice in session ${session.referenceNumber}; it was not taken, send it again` });
        } else if (GatewayError.is(err) && err.kind === 'data') {
          const ksefCode = KsefApiError.isApi(err) ? err.exceptionCodes[0]?.code : undefined;
          emit({ file, outcome: 'rejected', code: ksefCode ?? err.code, message: err.message });
        } else throw err;
      }
    }
  } finally {
    await client.closeOnlineSession(session);
  }
  await poll(opts, tracked, (t) => client.getSessionInvoice(session.referenceNumber, t.ref!));
  for (const t of tracked) emit(await finish(client, session.referenceNumber, t, opts));
}

async function sendBatchFiles(client: KsefClient, files: { file: string; bytes: Buffer }[], opts: SendFilesOptions, emit: (r: FileResult) => void): Promise<void> {
  const names = new Map<string, Tracked>();
  const entries = files.map(({ file, bytes }) => {
    let name = basename(file);
    for (let n = 2; names.has(name); n++) name = `${basename(file, '.xml')}-${n}.xml`;
    names.set(name, { file, hash: sha256Base64(bytes) });
    return { fileName: name, bytes };
  });
  const sent = await client.sendBatch(entries, { format: opts.format, offlineMode: opts.offlineMode });
  const ref = sent.sessionReferenceNumber;
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  let session = await client.getSessionStatus(ref);
  while ((session.status.code === 100 || session.status.code === 150) && Date.now() < deadline) {
    await sleep(opts.pollIntervalMs ?? 1000);
    session = await client.getSessionStatus(ref);
  }
  for (let token: string | undefined, first = true; first || token; first = false) {
    const page = await client.listSessionInvoices(ref, token, { pageSize: 1000 });
    for (const inv of page.invoices) {
      const t = inv.invoiceFileName ? names.get(inv.invoiceFileName) : undefined;
      if (t) Object.assign(t, { ref: inv.referenceNumber, status: inv });
    }
    token = page.continuationToken ?? undefined;
  }
  const tracked = [...names.values()];
  await poll(opts, tracked.filter((t) => t.ref), (t) => client.getSessionInvoice(ref, t.ref!));
  for (const t of tracked) {
    emit(t.ref ? await finish(client, ref, t, opts)
      : { file: t.file, outcome: 'rejected', code: session.status.code, message: `batch session ${ref}: ${session.status.description}` });
  }
}

async function poll(opts: SendFilesOptions, tracked: Tracked[], get: (t: Tracked) => Promise<SessionInvoiceStatus>): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  for (;;) {
    const open = tracked.filter((t) => !t.status || !isFinal(t.status));
    for (const t of open) t.status = await get(t);
    if (tracked.every((t) => t.status && isFinal(t.status)) || Date.now() >= deadline) return;
    await sleep(opts.pollIntervalMs ?? 1000);
  }
}

function finish(client: KsefClient, sessionRef: string, t: Tracked, opts: SendFilesOptions): Promise<FileResult> {
  if (!t.status || !isFinal(t.status)) {
    return Promise.resolve({ file: t.file, outcome: 'pending', message: `still processing in session ${sessionRef} as ${t.ref}` });
  }
  return finishInvoice(client, t.file, sessionRef, t.status, t.hash, opts.upoDir);
}
