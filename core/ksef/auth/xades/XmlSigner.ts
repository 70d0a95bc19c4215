/**
 * The signing port (DECISIONS.md 17): XAdES auth asks it to sign the AuthTokenRequest. The local
 * implementation is XadesSigner (PKCS#12/PEM key); a PKCS#11 device or a remote qualified-signature
 * service can implement the same interface.
 */
export interface XmlSigner {
  /** DER of the signing certificate: its subject decides who KSeF authenticates. */
  readonly certificateDer: Uint8Array;
  /** Returns the document with an enveloped XAdES-BES/baseline-B signature appended to its root. */
  signEnveloped(xml: string): Promise<string>;
}
