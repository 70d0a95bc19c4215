/**
 * KOD I verification link (PROTOCOL.md §9.3): `{qrBase}/invoice/{sellerNip}/{P_1 as DD-MM-YYYY}/{Base64URL(SHA-256)}`.
 * `invoiceHash` is the standard Base64 SHA-256 of the bytes sent.
 */
export function kodILink(qrBaseUrl: string, sellerNip: string, issueDate: string, invoiceHash: string): string {
  const [y, m, d] = issueDate.split('-');
  const hash = Buffer.from(invoiceHash, 'base64').toString('base64url');
  return `${qrBaseUrl.replace(/\/+$/, '')}/invoice/${sellerNip}/${d}-${m}-${y}/${hash}`;
}
