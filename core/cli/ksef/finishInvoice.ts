import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KsefClient } from '../../ksef/KsefClient.js';
import { withExplanation } from '../../ksef/errors/ksefExplanations.js';
import { resolveDuplicate } from '../../ksef/resolveDuplicate.js';
import type { SessionInvoiceStatus } from '../../ksef/types/sessions.js';
import type { FileResult } from './FileResult.js';

/** Turns a final invoice status into a result line; writes the UPO (exact bytes) of an accepted invoice. */
export async function finishInvoice(client: KsefClient, file: string, sessionRef: string, st: SessionInvoiceStatus, ourHash: string, upoDir: string): Promise<FileResult> {
  const { code, description, details } = st.status;
  if (code === 200 && st.ksefNumber) {
    const upo = await client.getInvoiceUpo(sessionRef, { invoiceReferenceNumber: st.referenceNumber, ksefNumber: st.ksefNumber, upoDownloadUrl: st.upoDownloadUrl });
    await mkdir(upoDir, { recursive: true });
    const upoPath = join(upoDir, `${st.ksefNumber}.xml`);
    await writeFile(upoPath, upo.bytes);
    return { file, outcome: 'accepted', ksefNumber: st.ksefNumber, upoPath };
  }
  if (code === 440) {
    const dup = await resolveDuplicate(client, st, ourHash);
    if (dup.kind === 'same') return { file, outcome: 'accepted', ksefNumber: dup.ksefNumber, note: 'duplicate 440: already in KSeF with identical content' };
    if (dup.kind === 'different') {
      return { file, outcome: 'rejected', code, ksefNumber: dup.ksefNumber, message: `invoice number already used by KSeF number ${dup.ksefNumber} (different content)` };
    }
    return { file, outcome: 'rejected', code, ksefNumber: dup.ksefNumber, message: `duplicate of ${dup.ksefNumber ?? 'an unknown invoice'}; could not compare contents: ${dup.reason}` };
  }
  return { file, outcome: 'rejected', code, message: withExplanation('invoice-status', code, `${description}${details?.length ? `: ${details.join('; ')}` : ''}`) };
}

export const isFinal = (st: SessionInvoiceStatus): boolean => st.status.code !== 100 && st.status.code !== 150;
