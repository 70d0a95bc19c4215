import type { InvoiceDraft } from '../../../core/plugin-api/index.js';
import type { Idoc, IdocSegment } from '../idoc/Idoc.js';

/** What a Z-segment hook gets: the IDoc, the draft mapped so far, and helpers to find segments and report problems. */
export interface SapHookInput {
  readonly idoc: Idoc;
  readonly draft: InvoiceDraft;
  /** Every segment of a type, at any depth (`segments('Z1KSEF')`). */
  segments(name: string): IdocSegment[];
  /** Reports a problem located in a segment; an error keeps the IDoc from being submitted. */
  error(code: string, message: string, segment: IdocSegment, field?: string): void;
  warn(code: string, message: string, segment: IdocSegment, field?: string): void;
}

/**
 * The Z-segment hook (docs/sap.md): a module named by the plugin option `hook` default-exports this function. It
 * returns the draft to submit, typically the given one with values from customer segments (GTU codes, split
 * payment, a corrected invoice's KSeF number) added; returning nothing keeps the draft as mapped.
 *
 * @example
 * ```ts
 * const hook: SapMappingHook = ({ draft, segments }) => {
 *   const mpp = segments('Z1KSEF')[0]?.fields.MPP === 'X';
 *   return mpp ? { ...draft, annotations: { ...draft.annotations, splitPayment: true } } : draft;
 * };
 * export default hook;
 * ```
 */
export type SapMappingHook = (input: SapHookInput) => InvoiceDraft | void;
