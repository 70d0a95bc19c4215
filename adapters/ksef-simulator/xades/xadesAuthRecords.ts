import type { SimContext } from '../SimContext.js';
import type { SubjectIdentifier } from './certificateIdentity.js';

/** What the simulator remembers about a XAdES authentication: who signed, for `/certificates/enrollments/data`. */
export interface XadesAuthRecord {
  readonly authRef: string;
  readonly subject: SubjectIdentifier;
  /** Subject attributes of the signing certificate by short name (CN, O, C, serialNumber, ...). */
  readonly attributes: Readonly<Record<string, string>>;
}

// The store's 'meta' kind with prefixed ids keeps these apart from the simulator's own kinds.
const key = (authRef: string): string => `xades-auth:${authRef}`;

export function saveXadesAuth(sim: SimContext, rec: XadesAuthRecord): void {
  sim.store.put('meta', key(rec.authRef), rec);
}

/** The XAdES record of the caller's authentication, or undefined when it authenticated with a token. */
export function findXadesAuth(sim: SimContext, authRef: string): XadesAuthRecord | undefined {
  return sim.store.get<XadesAuthRecord>('meta', key(authRef));
}
