import { ContainerModule } from 'inversify';
import type { Faktura } from '../../fa3/model/Faktura.js';
import { writeFa3 } from '../../fa3/Fa3Writer.js';
import { validateFa3 } from '../../fa3/validation/validateFa3.js';
import { Fa3DocumentPreparer } from '../../pipeline/Fa3DocumentPreparer.js';
import { DOCUMENT_PREPARER } from '../../pipeline/ports/DocumentPreparer.js';
import { TOKENS } from '../tokens.js';

/**
 * FA(3): canonical JSON is written and every document validated (XSD when the schemas are installed) once, on the
 * validation worker threads when there are any.
 */
export const fa3Module = new ContainerModule(({ bind }) => {
  bind(DOCUMENT_PREPARER).toResolvedValue((xsd, pool) => new Fa3DocumentPreparer({
    write: (invoice) => writeFa3(invoice as Faktura),
    validate: pool ? (xml) => pool.validate(xml) : async (xml) => validateFa3(xml, { xsd: xsd ?? undefined }),
  }), [TOKENS.Fa3Xsd, TOKENS.Fa3ValidationPool]).inSingletonScope();
});
