import { z } from 'zod';
import { decodeBase64, rsaOaepDecrypt } from '../crypto/simCrypto.js';
import { SimHttpError } from '../http/SimHttpError.js';
import type { SimRequest } from '../http/SimRequest.js';
import type { SimContext } from '../SimContext.js';
import type { SessionRecord } from '../store/records.js';

export const WRITE = ['InvoiceWrite', 'PefInvoiceWrite', 'EnforcementOperations'] as const;
export const READ_SESSIONS = ['InvoiceWrite', 'Introspection', 'PefInvoiceWrite', 'EnforcementOperations'] as const;

export const encryptionInfo = z.object({
  encryptedSymmetricKey: z.string().min(1),
  initializationVector: z.string().min(1),
  publicKeyId: z.string().length(44).nullish(),
});

export const formCodeSchema = z.object({ systemCode: z.string(), schemaVersion: z.string(), value: z.string() });

/** The simulator validates FA (3) only; other form codes are refused rather than accepted unchecked. */
export function assertSupportedForm(fc: z.infer<typeof formCodeSchema>): void {
  if (fc.systemCode !== 'FA (3)' || fc.schemaVersion !== '1-0E' || fc.value !== 'FA') {
    throw SimHttpError.invalid(`formCode ${fc.systemCode} ${fc.schemaVersion} ${fc.value} nie jest obsługiwany przez symulator (tylko FA (3) 1-0E FA).`);
  }
}

/** Checks publicKeyId (21470) and unwraps the AES key; an undecryptable key opens a session that ends in 415. */
export function unwrapSessionKey(sim: SimContext, enc: z.infer<typeof encryptionInfo>): { aesKey?: string; iv: string; keyError: boolean } {
  const key = sim.keys.forUsage('SymmetricKeyEncryption');
  if (enc.publicKeyId && enc.publicKeyId !== key.publicKeyId) {
    throw SimHttpError.badRequest(21470, 'Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.', [`Klucz o identyfikatorze ${enc.publicKeyId} nie jest wspierany.`]);
  }
  const iv = decodeBase64(enc.initializationVector);
  if (!iv || iv.length !== 16) throw SimHttpError.invalid('encryption.initializationVector: oczekiwano 16 bajtów w Base64.');
  const wrapped = decodeBase64(enc.encryptedSymmetricKey);
  if (!wrapped) throw SimHttpError.invalid('encryption.encryptedSymmetricKey: oczekiwano Base64.');
  try {
    const aes = rsaOaepDecrypt(key.privateKey, wrapped);
    if (aes.length !== 32) return { iv: enc.initializationVector, keyError: true };
    return { aesKey: aes.toString('base64'), iv: enc.initializationVector, keyError: false };
  } catch {
    return { iv: enc.initializationVector, keyError: true };
  }
}

/** A session of the caller's context, or 21173 (KSeF does not reveal other contexts' sessions). */
export function callerSession(sim: SimContext, req: SimRequest, type?: SessionRecord['type']): SessionRecord {
  const ref = req.params.referenceNumber;
  const s = sim.store.get<SessionRecord>('session', ref);
  const c = req.caller!;
  if (!s || s.context.value !== c.contextValue || s.context.type !== c.contextType || (type && s.type !== type)) throw SimHttpError.sessionNotFound(ref);
  return s;
}

export function sessionStatusForbids(code: number, what: string): SimHttpError {
  return SimHttpError.badRequest(21180, 'Status sesji nie pozwala na wykonanie operacji.', [`Status sesji ${code} uniemożliwia ${what}.`]);
}
