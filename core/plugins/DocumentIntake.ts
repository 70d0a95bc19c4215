import type { ServiceIdentifier } from 'inversify';
import type { ErpDocument, Receipt } from '../plugin-api/types.js';

/**
 * The core's side of `ctx.gateway.submit`: stores a document for the plugin instance `source` and returns its
 * durable receipt (the pipeline's submission service implements it).
 */
export interface DocumentIntake {
  submit(source: string, document: ErpDocument): Promise<Receipt>;
}

export const DocumentIntakeToken = Symbol.for('ksef-gateway/plugins/DocumentIntake') as ServiceIdentifier<DocumentIntake>;
