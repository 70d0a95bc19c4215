import type { Logger } from 'pino';
import type { CredentialStatusReport } from '../credentials/credentialStatus.js';
import type { SubmissionRecord, SubmissionStore } from '../pipeline/ports/SubmissionStore.js';
import type { DocumentState, OutcomeError } from '../plugin-api/types.js';
import type { SyncCursor } from '../purchases/ports/PurchaseStore.js';
import type { CredentialKind } from '../vault/CredentialVault.js';
import type { SecretValue } from '../vault/SecretValue.js';
import type { LockoutPolicy } from './ConsoleAuth.js';
import type { Lang } from './i18n.js';
import type { ConsoleStore } from './ports/ConsoleStore.js';
import type { OidcOutcome } from './OidcSignIn.js';

export interface ConsoleOptions {
  readonly language: Lang;
  readonly sessionMinutes: number;
  readonly lockout: LockoutPolicy;
  /** 'auto': Secure cookies when the request came over TLS; 'always': always (behind a TLS-terminating proxy). */
  readonly cookieSecure: 'auto' | 'always';
  /** Answer clients other than this machine (the admin port bound beyond loopback). */
  readonly allowRemote: boolean;
}

export interface ConsoleContext {
  readonly nip: string;
  readonly name?: string;
  readonly method: CredentialKind;
}

/** What the console reads and does, as narrow functions the composition root fills from core services. */
export interface ConsoleDeps {
  readonly store: ConsoleStore;
  readonly documents: Pick<SubmissionStore, 'get' | 'getXml'>;
  /** The UPO as `upo get` reads it (store, or the file of a document accepted before migration 5). */
  readonly upo: (doc: SubmissionRecord) => Promise<Buffer | undefined>;
  /** `retry`'s service: delivery of the outcome due now. */
  readonly retry: (id: string) => Promise<SubmissionRecord>;
  /** Submits corrected XML as a new document of the same source; absent where the gateway cannot take documents. */
  readonly resubmit?: (doc: SubmissionRecord, xml: Buffer) => Promise<{ id: string; erpId: string; state: DocumentState; errors?: readonly OutcomeError[] }>;
  readonly contexts: () => readonly ConsoleContext[];
  readonly credentials: () => Promise<CredentialStatusReport[]>;
  /** Authenticates with the stored credential now; resolves to a line for the operator, rejects with why it failed. */
  readonly checkCredential?: (nip: string, kind: CredentialKind) => Promise<string>;
  /** Revokes at KSeF where it can, marks the vault entry revoked and pauses the context. */
  readonly revokeCredential?: (nip: string, kind: CredentialKind) => Promise<string>;
  /**
   * Stores a pasted token as `token add` does (checked at KSeF first; a refusal stores nothing; KSeF unreachable stores
   * it unverified). Resolves to what happened, never the value; rejects with a GatewayError saying why not.
   */
  readonly addToken?: (nip: string, secret: SecretValue, o: { readonly expiresAt?: string }) => Promise<{ readonly verified: boolean; readonly lines: readonly string[] }>;
  /** The purchase sync's cursors; absent when purchases are off. */
  readonly purchaseSync?: () => Promise<readonly SyncCursor[]>;
  /** How long without a successful sync counts as behind (notifications.rules.purchaseSyncBehindMinutes). */
  readonly purchaseSyncBehindMinutes?: number;
  readonly ksefReachable?: () => Promise<boolean | undefined>;
  readonly rateRoom?: (nip: string) => Promise<number | undefined>;
  readonly options: ConsoleOptions;
  /** Sign-in through the company's identity provider (console.oidc); absent: local users only. */
  readonly oidc?: {
    readonly label: string;
    start(): Promise<{ url: string; state: string }>;
    finish(callbackQuery: string, cookieState: string | undefined): Promise<OidcOutcome>;
  };
  readonly logger?: Logger;
  readonly now?: () => number;
}
