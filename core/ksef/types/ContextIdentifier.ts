export type ContextIdentifierType = 'Nip' | 'InternalId' | 'NipVatUe' | 'PeppolId';

/** The context an authentication binds to (PROTOCOL.md §4.1). */
export interface ContextIdentifier {
  readonly type: ContextIdentifierType;
  readonly value: string;
}
