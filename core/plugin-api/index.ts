/**
 * The plugin API: the only module a plugin imports (plugins/README.md).
 *
 * @example
 * ```ts
 * import { definePlugin, z, type Outcome, type InvoiceDraft } from '../../core/plugin-api/index.js';
 * ```
 */
export { GATEWAY_API_VERSION } from './version.js';
export { definePlugin, type PluginDefinition } from './definePlugin.js';
export type { PluginKind, PluginManifest } from './PluginManifest.js';
export type { PluginContext, GatewayFacade, HealthReporter, HealthStatus, Clock, PluginLogger } from './PluginContext.js';
export type { PluginInstance, ErpAdapter, Notifier, InstanceFor } from './PluginInstance.js';
export type {
  DocumentPayload, ErpDocument, DocumentState, Receipt, OutcomeError, Outcome, InboundInvoice, GatewayEvent, GatewayEventType,
  ValidationReport,
} from './types.js';
export type {
  InvoiceDraft, InvoiceKind, DraftCommon, SaleDraft, AdvanceDraft, SettlementDraft, CorrectionDraft, AdvanceCorrectionDraft,
} from './draft/InvoiceDraft.js';
export type { DraftLine, DraftCorrectionLine, DraftRate, GtuCode } from './draft/DraftLine.js';
export type { DraftAddress, DraftBuyer, DraftSeller, PartyId } from './draft/DraftParty.js';
export type { DraftPayment, PaymentMethod } from './draft/DraftPayment.js';
export type { DraftAdvance, DraftCorrection, InvoiceRef } from './draft/InvoiceRef.js';
export { VAT_RATE_CODES, isVatRateCode, vatPercent, type VatRateCode } from './VatRateCode.js';
export { sourceFor, describeSource, type SourceLocation, type DraftSources } from './SourceLocation.js';
export { Decimal, sum, isDecimalString, parseErpDecimal, decimalFromNumber, type DecimalString } from './decimal.js';
/**
 * The canonical FA(3) model (XSD element names, leaves as strings), for plugins that build `fa3-json` payloads.
 *
 * @example
 * ```ts
 * const invoice: Faktura = readMyErpInvoice();
 * await ctx.gateway.submit({ erpId, payload: { format: 'fa3-json', invoice } });
 * ```
 */
export type { Faktura } from '../fa3/model/Faktura.js';
export type { GatewayQueries, DocumentView, DocumentFilter, DocumentPage, ContextView } from './GatewayQueries.js';
export type { PluginStorage, StoredRecord, RecordWriteOptions } from './PluginStorage.js';
export type { PluginSecrets } from './PluginSecrets.js';
export type { PluginRateLimits } from './PluginRateLimits.js';
export { secret } from './secret.js';
export { parseJsonText } from './parseJsonText.js';
/**
 * zod, re-exported so a plugin's schema and the host share one copy (secret markers live in zod's registry).
 *
 * @example
 * ```ts
 * const configSchema = z.object({ inbox: z.string().min(1) });
 * ```
 */
export { z } from 'zod';
/**
 * Strict decoding of ERP bytes: invalid UTF-8 is an error with its line and column (never U+FFFD); another declared
 * encoding is refused or transcoded exactly, by configuration, never guessed.
 *
 * @example
 * ```ts
 * const decoded = decodeText(bytes, { encoding: options.encoding, otherEncodings: options.otherEncodings, source: file });
 * if (!decoded.ok) return refuse(file, decoded.error); // { code: 'GW_TEXT_INVALID_UTF8', message, position }
 * ```
 */
export { decodeText, type DecodedText, type DecodeTextOptions, type OtherEncodings, type TextDecodeError, type TextDecodeErrorCode, type TextPosition } from '../text/decodeText.js';
export { decodeXml } from '../text/decodeXml.js';
