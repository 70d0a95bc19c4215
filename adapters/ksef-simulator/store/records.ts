/** Shapes of the records the simulator keeps in its SimStore. Dates are ISO strings. */

export interface StatusInfo { code: number; description: string; details?: string[]; extensions?: Record<string, string | null> }
export interface ContextId { type: 'Nip' | 'InternalId' | 'NipVatUe' | 'PeppolId'; value: string }

export interface SubjectRecord { nip: string; attachmentsEnabled: boolean; blocked: boolean }

export type TokenStatus = 'Pending' | 'Active' | 'Revoking' | 'Revoked' | 'Failed';
export interface TokenRecord {
  referenceNumber: string;
  /** SHA-256 hex of the whole token string: the secret itself is never stored. */
  secretHash: string;
  context: ContextId;
  author: { type: 'Nip' | 'Pesel' | 'Fingerprint'; value: string };
  permissions: string[];
  description: string;
  status: TokenStatus;
  dateCreated: string;
  lastUseDate?: string;
}

export interface ChallengeRecord { challenge: string; timestampMs: number; createdAt: string; used: boolean }

export interface AuthRecord {
  referenceNumber: string;
  startDate: string;
  method: 'Token' | 'QualifiedSignature' | 'QualifiedSeal' | 'PersonalSignature' | 'InternalCertificate';
  methodInfo: { category: 'XadesSignature' | 'Token' | 'NationalNode' | 'Other'; code: string; displayName: string };
  context: ContextId;
  /** Outcome once `readyAt` has passed; 100 before. */
  outcome: StatusInfo;
  readyAt: string;
  permissions: string[];
  tokenRef?: string;
  /** SHA-256 (Base64) of the signed XAdES document, for the UPO. */
  authDocumentHash?: string;
  /** `authorizationPolicy.allowedIps` of the request; access tokens work only from these addresses. */
  allowedIps?: { ip4Addresses?: string[] | null; ip4Ranges?: string[] | null; ip4Masks?: string[] | null };
  redeemed: boolean;
  revoked: boolean;
  lastTokenRefreshDate?: string;
  refreshTokenValidUntil?: string;
}

export interface FormCode { systemCode: string; schemaVersion: string; value: string }

export interface BatchPart { ordinalNumber: number; fileSize: number; fileHash: string; uploaded: boolean }

export interface UpoPage { referenceNumber: string; hash: string }

export interface SessionRecord {
  referenceNumber: string;
  type: 'Online' | 'Batch';
  context: ContextId;
  authRef: string;
  formCode: FormCode;
  aesKey?: string;
  iv: string;
  keyError: boolean;
  dateCreated: string;
  dateUpdated: string;
  validUntil: string;
  closedAt?: string;
  /** Set once the session's final state is known; visible from `readyAt`. */
  final?: { status: StatusInfo; readyAt: string; upoPages: UpoPage[] };
  batch?: { fileSize: number; fileHash: string; compressionType: 'Zip' | 'TarGz'; parts: BatchPart[]; offlineMode: boolean };
  invoiceCount: number;
}

export interface InvoiceRecord {
  referenceNumber: string;
  sessionRef: string;
  ordinalNumber: number;
  invoiceHash: string;
  invoiceFileName?: string;
  invoicingDate: string;
  sentAt: string;
  readyAt: string;
  status: StatusInfo;
  invoiceNumber?: string;
  ksefNumber?: string;
  acquisitionDate?: string;
  permanentStorageDate?: string;
  invoicingMode?: 'Online' | 'Offline';
  hashOfCorrectedInvoice?: string;
  meta?: InvoiceMeta;
}

/** What `POST /invoices/query/metadata` answers; read from the accepted XML. */
export interface InvoiceMeta {
  sellerNip: string;
  sellerName?: string;
  buyerIdType: 'Nip' | 'VatUe' | 'Other' | 'None';
  buyerId?: string;
  buyerName?: string;
  issueDate: string;
  currency: string;
  net: string;
  vat: string;
  gross: string;
  invoiceType: string;
  hasAttachment: boolean;
  formCode: FormCode;
  /** `Fa/Adnotacje/P_17` = 1 (samofakturowanie). */
  selfInvoicing?: boolean;
  /** Every `Podmiot3` of the invoice (Subject3 sees it when its identifier is among them). */
  thirdSubjects?: ThirdSubject[];
  /** `PodmiotUpowazniony` (SubjectAuthorized). */
  authorizedSubject?: { nip: string; name?: string; role: number };
}

export interface ThirdSubject {
  identifier: { type: 'Nip' | 'InternalId' | 'VatUe' | 'Other' | 'None'; value?: string };
  name?: string;
  /** `Rola` 1..11, or 0 for `RolaInna`. */
  role: number;
}

/** What `POST /invoices/exports` asked for; `result` is set once the package is built (status 100 before). */
export interface ExportRecord {
  referenceNumber: string;
  context: ContextId;
  filters: Record<string, unknown>;
  onlyMetadata: boolean;
  compressionType: 'Zip' | 'TarGz';
  aesKey?: string;
  iv: string;
  keyError: boolean;
  createdAt: string;
  readyAt: string;
  result?: {
    status: StatusInfo; completedDate: string; packageExpirationDate?: string; package?: ExportPackage;
    /** The invoices in the package, in its order (for tests: what KSeF served; never in an answer). */
    ksefNumbers?: string[];
  };
  /** Successful part downloads (for tests). */
  partsServed?: number;
  /** Set by the `exportExpiry` fault: the package expires once this many parts were served. */
  expiresAfterParts?: number;
}

export interface ExportPackage {
  invoiceCount: number;
  size: number;
  isTruncated: boolean;
  lastIssueDate?: string;
  lastInvoicingDate?: string;
  lastPermanentStorageDate?: string;
  permanentStorageHwmDate?: string;
  parts: { ordinalNumber: number; partName: string; partSize: number; partHash: string; encryptedPartSize: number; encryptedPartHash: string }[];
}

export interface DupKeyRecord { ksefNumber: string; sessionRef: string; invoiceRef: string; hash: string }

/**
 * One invoice KSeF took in for processing: an online send, or one invoice of a closed batch package, whatever its
 * outcome (accepted, 440 duplicate, refused). Kept apart from the invoice record so that tests can ask, per
 * document, how many times KSeF received it: the evidence that nothing was sent twice.
 */
export interface SubmissionRecord {
  /** The seller (Podmiot1 NIP) as read from the invoice; the sending context when the invoice could not be read. */
  sellerNip: string;
  /** `Fa/P_2`, when the invoice could be read that far. */
  invoiceNumber?: string;
  invoiceHash: string;
  sessionRef: string;
  sessionType: 'Online' | 'Batch';
  invoiceRef: string;
  /** The invoice's decided status code: 200 accepted (KSeF holds it), 440 duplicate, 4xx refused. */
  statusCode: number;
  /** Set when accepted. */
  ksefNumber?: string;
  receivedAt: string;
}
