import { GatewayError } from '../../errors/GatewayError.js';
import { aesCbcEncrypt, newSymmetricKey, type SymmetricKey } from '../crypto/aesCbc.js';
import { sha256Base64 } from '../crypto/sha256Base64.js';
import { FA3_FORM_CODE, type FormCode, type OnlineSession, type SendInvoiceOptions, type SentInvoice } from '../types/sessions.js';
import { encryptionInfo, type ApiContext } from './ApiContext.js';
import { guardOutcome } from './outcomeUnknown.js';
import { withFreshKeys } from './withFreshKeys.js';

/** Online sessions (PROTOCOL.md §6.1-6.3). Session keys stay in a WeakMap, out of reach of loggers and JSON. */
export class OnlineSessionApi {
  private readonly keys = new WeakMap<OnlineSession, SymmetricKey>();

  constructor(private readonly ctx: ApiContext) {}

  async open(opts: { formCode?: FormCode; signal?: AbortSignal } = {}): Promise<OnlineSession> {
    const key = newSymmetricKey();
    const formCode = opts.formCode ?? FA3_FORM_CODE;
    // The key is wrapped after authenticating, so that keys refreshed during auth (21470) are used.
    const res = await withFreshKeys(this.ctx, () => guardOutcome({ operation: 'openOnlineSession' }, () => this.ctx.authed(async (bearer) => {
      const encryption = await encryptionInfo(this.ctx, key, opts.signal);
      return this.ctx.http.json<{ referenceNumber: string; validUntil: string }>({
        method: 'POST', path: '/sessions/online', bearer, json: { formCode, encryption }, retry: 'unsafe', signal: opts.signal,
      });
    }, opts.signal)));
    const session: OnlineSession = Object.freeze({ referenceNumber: res.referenceNumber, validUntil: res.validUntil, formCode });
    this.keys.set(session, key);
    this.ctx.logger.info({ sessionReferenceNumber: res.referenceNumber }, 'online session opened');
    return session;
  }

  async send(session: OnlineSession, xml: Uint8Array, opts: SendInvoiceOptions = {}): Promise<SentInvoice> {
    const key = this.keys.get(session);
    if (!key) throw new GatewayError('GW_KSEF_SESSION_UNKNOWN', 'system', `Online session ${session.referenceNumber} was not opened by this client`);
    const invoiceHash = sha256Base64(xml);
    const encrypted = aesCbcEncrypt(key, xml);
    const json = {
      invoiceHash,
      invoiceSize: xml.byteLength,
      encryptedInvoiceHash: sha256Base64(encrypted),
      encryptedInvoiceSize: encrypted.length,
      encryptedInvoiceContent: encrypted.toString('base64'),
      offlineMode: opts.offlineMode ?? false,
      ...(opts.hashOfCorrectedInvoice ? { hashOfCorrectedInvoice: opts.hashOfCorrectedInvoice } : {}),
    };
    const outcome = { operation: 'sendOnlineInvoice' as const, sessionReferenceNumber: session.referenceNumber, invoiceHash, invoiceSize: xml.byteLength };
    const res = await guardOutcome(outcome, () => this.ctx.authed((bearer) => this.ctx.http.json<{ referenceNumber: string }>({
      method: 'POST', path: `/sessions/online/${session.referenceNumber}/invoices`, bearer, json, retry: 'unsafe', signal: opts.signal,
    }), opts.signal));
    return { invoiceReferenceNumber: res.referenceNumber, invoiceHash, invoiceSize: xml.byteLength };
  }

  async close(session: OnlineSession | string, signal?: AbortSignal): Promise<void> {
    const ref = typeof session === 'string' ? session : session.referenceNumber;
    await guardOutcome({ operation: 'closeSession', sessionReferenceNumber: ref }, () => this.ctx.authed((bearer) => this.ctx.http.send({
      method: 'POST', path: `/sessions/online/${ref}/close`, bearer, retry: 'unsafe', signal,
    }), signal));
    if (typeof session !== 'string') this.keys.delete(session);
    this.ctx.logger.info({ sessionReferenceNumber: ref }, 'online session closed');
  }
}
