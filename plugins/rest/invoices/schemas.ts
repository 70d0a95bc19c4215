/**
 * JSON schemas of the invoice routes: fastify validates requests with them and @fastify/swagger turns them into
 * the OpenAPI document, so the two never disagree.
 */
const STATES = ['received', 'invalid', 'queued', 'sending', 'sent', 'accepted', 'rejected', 'delivered'];

export const apiError = {
  $id: 'ApiError',
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'gateway or KSeF code, stable', examples: ['FA3_NET_SUM_MISMATCH'] },
    message: { type: 'string' },
    pointer: { type: 'string', description: 'RFC 6901 JSON pointer into the request body' },
    xmlPath: { type: 'string', description: 'path in the FA(3) XML', examples: ['/Faktura/Fa/FaWiersz[2]/P_11'] },
  },
} as const;

export const problem = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details; `type` is stable per `code`',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', examples: ['urn:ksef-gateway:problem:GW_REST_INVALID_INVOICE'] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: 'string' },
    errors: { type: 'array', items: { $ref: 'ApiError#' } },
    id: { type: 'string', description: 'the stored document, when the invalid invoice was stored' },
    erpId: { type: 'string' },
    state: { type: 'string' },
  },
  additionalProperties: true,
} as const;

export const invoice = {
  $id: 'Invoice',
  type: 'object',
  required: ['id', 'erpId', 'state', 'links'],
  properties: {
    id: { type: 'string', description: 'the gateway document id' },
    erpId: { type: 'string' },
    context: { type: 'string', description: 'the seller context (NIP)' },
    state: { type: 'string', enum: STATES },
    duplicate: { type: 'boolean', description: 'true when this ERP id was already known; nothing new was created' },
    urgent: { type: 'boolean' },
    invoiceNumber: { type: 'string' },
    ksefNumber: { type: 'string' },
    acquisitionDate: { type: 'string', format: 'date-time' },
    invoiceHash: { type: 'string' },
    verificationUrl: { type: 'string', description: 'KOD I link' },
    errors: { type: 'array', items: { $ref: 'ApiError#' } },
    warnings: { type: 'array', items: { $ref: 'ApiError#' }, description: 'findings that did not block sending (rules the operator made warnings, the NIP checksum against KSeF TEST/DEMO)' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    links: {
      type: 'object',
      properties: { self: { type: 'string' }, upo: { type: 'string' }, xml: { type: 'string' } },
    },
  },
} as const;

export const invoiceItem = {
  $id: 'InvoiceRequest',
  type: 'object',
  description: 'One invoice: `invoice` (canonical FA(3) JSON, docs/fa3-canonical-json.md) or `draft` (docs/invoice-drafts.md)',
  required: ['erpId'],
  properties: {
    erpId: { type: 'string', minLength: 1, maxLength: 200, description: "the ERP's own id; the business key" },
    urgent: { type: 'boolean', description: 'send by online session at once' },
    invoice: { type: 'object', description: 'canonical FA(3) JSON' },
    draft: { type: 'object', description: 'invoice draft; the gateway computes the sums' },
  },
  additionalProperties: false,
} as const;

export const problemResponses = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, {
  description: 'problem details (application/problem+json)', content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
}]));

export const purchase = {
  $id: 'Purchase',
  type: 'object',
  description: 'an invoice KSeF holds for one of the key\'s contexts (a purchase by default), as the gateway received it',
  required: ['ksefNumber', 'context', 'subjectRole', 'invoiceNumber', 'sellerNip', 'issueDate', 'acquisitionDate', 'invoiceHash', 'receivedAt', 'links'],
  properties: {
    ksefNumber: { type: 'string' },
    context: { type: 'string', description: 'the context (NIP) the invoice was received for' },
    subjectRole: { type: 'string', enum: ['seller', 'buyer', 'third-party', 'authorized'], description: 'how the context appears on the invoice' },
    invoiceNumber: { type: 'string', description: "P_2, the seller's number" },
    sellerNip: { type: 'string' },
    sellerName: { type: 'string' },
    issueDate: { type: 'string', description: 'P_1 (YYYY-MM-DD)' },
    acquisitionDate: { type: 'string', format: 'date-time', description: 'when KSeF assigned the KSeF number (legal date of receipt)' },
    permanentStorageDate: { type: 'string', format: 'date-time' },
    invoiceHash: { type: 'string', description: 'base64 SHA-256 of the XML' },
    receivedAt: { type: 'string', format: 'date-time', description: 'when this API received it from the gateway; the list order' },
    metadata: { type: 'object', additionalProperties: true, description: "KSeF's InvoiceMetadata (amounts, currency, buyer, thirdSubjects, ...)" },
    links: { type: 'object', properties: { self: { type: 'string' }, xml: { type: 'string' } } },
  },
} as const;

export const sharedSchemas = [apiError, problem, invoice, invoiceItem, purchase];
