import { ContainerModule } from 'inversify';
import { GatewayConfigToken } from '../../config/GatewayConfig.js';
import { buildDraft } from '../../fa3/draft/buildDraft.js';
import type { Faktura } from '../../fa3/model/Faktura.js';
import { tryWriteFa3 } from '../../fa3/Fa3Writer.js';
import { loadOnce } from '../../lazy/loadOnce.js';
import { Fa3DocumentPreparer } from '../../pipeline/Fa3DocumentPreparer.js';
import { DOCUMENT_PREPARER } from '../../pipeline/ports/DocumentPreparer.js';
import { SUBMISSION_STORE } from '../../pipeline/ports/SubmissionStore.js';
import { storeReferenceResolver } from '../../pipeline/storeReferenceResolver.js';
import { rulePolicyFor } from '../rulePolicyFor.js';
import { TOKENS } from '../tokens.js';

/**
 * Validation on the event loop's thread, for `validation.threads: 0` only: imported on demand, because it brings
 * libxml2, which a gateway with validation threads never needs on this thread.
 */
const onThisThread = loadOnce(async () => {
  const { prepareDraft } = await import('../../fa3/draft/prepareDraft.js');
  const { validateFa3 } = await import('../../fa3/validation/validateFa3.js');
  return { prepareDraft, validateFa3 };
});

/**
 * FA(3): drafts are completed and canonical JSON is written, and every document validated (XSD when the schemas are
 * installed) once, on the validation worker threads when there are any.
 */
export const fa3Module = new ContainerModule(({ bind }) => {
  bind(DOCUMENT_PREPARER).toResolvedValue((schemas, pool, store, config) => new Fa3DocumentPreparer({
    write: (invoice) => tryWriteFa3(invoice as Faktura),
    prepareDraft: pool ? (draft) => pool.prepareDraft(draft)
      : async (draft) => (await onThisThread()).prepareDraft(draft, { xsd: (await schemas.xsd()) ?? undefined, now: new Date() }),
    buildDraft: (draft, source) => buildDraft(draft, { resolveErpId: source ? storeReferenceResolver(store, source) : undefined }),
    validate: pool ? (xml) => pool.validate(xml) : async (xml) => (await onThisThread()).validateFa3(xml, { xsd: (await schemas.xsd()) ?? undefined }),
    rulePolicy: rulePolicyFor(config),
  }), [TOKENS.Fa3Schemas, TOKENS.Fa3ValidationPool, SUBMISSION_STORE, GatewayConfigToken]).inSingletonScope();
});
