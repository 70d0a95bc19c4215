import { ContainerModule } from 'inversify';
import { GatewayConfigToken } from '../../config/GatewayConfig.js';
import { buildDraft } from '../../fa3/draft/buildDraft.js';
import { prepareDraft } from '../../fa3/draft/prepareDraft.js';
import type { Faktura } from '../../fa3/model/Faktura.js';
import { tryWriteFa3 } from '../../fa3/Fa3Writer.js';
import { validateFa3 } from '../../fa3/validation/validateFa3.js';
import { Fa3DocumentPreparer } from '../../pipeline/Fa3DocumentPreparer.js';
import { DOCUMENT_PREPARER } from '../../pipeline/ports/DocumentPreparer.js';
import { SUBMISSION_STORE } from '../../pipeline/ports/SubmissionStore.js';
import { storeReferenceResolver } from '../../pipeline/storeReferenceResolver.js';
import { rulePolicyFor } from '../rulePolicyFor.js';
import { TOKENS } from '../tokens.js';

/**
 * FA(3): drafts are completed and canonical JSON is written, and every document validated (XSD when the schemas are
 * installed) once, on the validation worker threads when there are any.
 */
export const fa3Module = new ContainerModule(({ bind }) => {
  bind(DOCUMENT_PREPARER).toResolvedValue((xsd, pool, store, config) => new Fa3DocumentPreparer({
    write: (invoice) => tryWriteFa3(invoice as Faktura),
    prepareDraft: pool ? (draft) => pool.prepareDraft(draft) : (draft) => prepareDraft(draft, { xsd: xsd ?? undefined, now: new Date() }),
    buildDraft: (draft, source) => buildDraft(draft, { resolveErpId: source ? storeReferenceResolver(store, source) : undefined }),
    validate: pool ? (xml) => pool.validate(xml) : async (xml) => validateFa3(xml, { xsd: xsd ?? undefined }),
    rulePolicy: rulePolicyFor(config),
  }), [TOKENS.Fa3Xsd, TOKENS.Fa3ValidationPool, SUBMISSION_STORE, GatewayConfigToken]).inSingletonScope();
});
