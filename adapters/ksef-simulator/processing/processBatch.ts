import { createHash } from 'node:crypto';
import { aesDecrypt, sha256b64 } from '../crypto/simCrypto.js';
import type { SimContext } from '../SimContext.js';
import type { SessionRecord, StatusInfo } from '../store/records.js';
import { processInvoice } from './processInvoice.js';
import { finalizeSession } from './sessionState.js';
import { unpackArchive } from './unpackArchive.js';

const MAX_INVOICES = 10_000;
const CHUNK = 50;

function fail(sim: SimContext, s: SessionRecord, status: StatusInfo): void {
  sim.store.put('session', s.referenceNumber, { ...s, final: { status, readyAt: sim.later(sim.processingDelayMs()), upoPages: [] } }, { ctx: sim.contextKey(s.context) });
}

/** After close: decrypt each part, check the package, unpack, process every invoice (PROTOCOL.md §7 statuses). */
export async function processBatch(sim: SimContext, s: SessionRecord): Promise<void> {
  const batch = s.batch!;
  const key = Buffer.from(s.aesKey!, 'base64');
  const iv = Buffer.from(s.iv, 'base64');
  const plain: Buffer[] = [];
  for (const part of batch.parts) {
    const encrypted = sim.store.getBlob(`part:${s.referenceNumber}:${part.ordinalNumber}`)!;
    if (sha256b64(encrypted) !== part.fileHash) {
      return fail(sim, s, { code: 405, description: 'Błąd weryfikacji poprawności dostarczonych elementów paczki', details: [`Skrót części ${part.ordinalNumber} nie zgadza się z zadeklarowanym.`] });
    }
    try {
      plain.push(aesDecrypt(key, iv, encrypted));
    } catch {
      return fail(sim, s, { code: 435, description: 'Błąd odszyfrowania zaszyfrowanych części archiwum' });
    }
  }
  const archive = Buffer.concat(plain);
  if (archive.length !== batch.fileSize || createHash('sha256').update(archive).digest('base64') !== batch.fileHash) {
    return fail(sim, s, { code: 405, description: 'Błąd weryfikacji poprawności dostarczonych elementów paczki', details: ['Rozmiar lub skrót paczki nie zgadza się z zadeklarowanym.'] });
  }
  let files;
  try {
    files = (await unpackArchive(archive, batch.compressionType)).filter((f) => f.name.toLowerCase().endsWith('.xml'));
  } catch {
    return fail(sim, s, { code: 430, description: 'Błąd dekompresji pierwotnego archiwum' });
  }
  if (files.length > MAX_INVOICES) return fail(sim, s, { code: 420, description: 'Przekroczony limit faktur w sesji' });
  const openedAt = new Date(s.dateCreated);
  // One transaction per chunk between yields: a commit per invoice cost more than the invoice's checks, and other
  // requests, which run only at the yields, see whole chunks either way.
  for (let from = 0; from < files.length; from += CHUNK) {
    sim.store.transaction(() => {
      for (let i = from; i < Math.min(from + CHUNK, files.length); i++) {
        const f = files[i];
        processInvoice(sim, s, {
          xml: f.data, invoiceHash: sha256b64(f.data), ordinalNumber: i + 1, invoicingDate: openedAt, offlineMode: batch.offlineMode, fileName: f.name,
        });
      }
    });
    // Yield between chunks: a large package must not stall status polls and keep-alive sockets for seconds.
    await new Promise((r) => setImmediate(r));
  }
  const current = sim.store.get<SessionRecord>('session', s.referenceNumber)!;
  finalizeSession(sim, { ...current, invoiceCount: files.length }, sim.now());
}
