import * as xmldom from '@xmldom/xmldom';
import { GatewayError } from '../../../errors/GatewayError.js';
import type { SigningCredential } from '../../../signing/SigningCredential.js';
import { KsefSignedXml } from './KsefSignedXml.js';
import { xadesRuntime } from './xadesRuntime.js';
import type { XmlSigner } from './XmlSigner.js';

export interface XadesSignerOptions {
  /** Backdates SigningTime so a server clock slightly behind ours does not see a future signature (the C# client uses 1 min). */
  readonly clockSkewMs?: number;
  /** `v2` (default): SigningCertificateV2, as XAdES baseline-B asks; `v1`: SigningCertificate with IssuerSerial (XAdES-BES). */
  readonly signingCertificate?: 'v1' | 'v2';
  readonly now?: () => Date;
}

/**
 * Signs a document enveloped, XAdES baseline-B, the way KSeF verifies it (PROTOCOL.md §4.4): one
 * `Reference URI=""` with enveloped-signature + exclusive C14N and SHA-256, one Reference to the
 * SignedProperties, the certificate in KeyInfo/X509Data, SigningTime and the signing certificate's digest.
 */
export class XadesSigner implements XmlSigner {
  readonly certificateDer: Uint8Array;
  readonly #credential: SigningCredential;
  readonly #options: XadesSignerOptions;

  constructor(credential: SigningCredential, options: XadesSignerOptions = {}) {
    this.#credential = credential;
    this.#options = options;
    this.certificateDer = credential.certificateDer;
  }

  async signEnveloped(xml: string): Promise<string> {
    const xades = xadesRuntime();
    let doc: Document;
    try {
      doc = xades.Parse(xml);
    } catch (e) {
      throw new GatewayError('GW_XADES_INPUT_INVALID', 'system', 'the document to sign is not well-formed XML', { cause: e });
    }
    const { scheme, hash, privateKey } = this.#credential;
    const algorithm = scheme === 'ECDSA' ? { name: 'ECDSA', hash } : scheme === 'RSA-PSS' ? { name: 'RSA-PSS', hash, saltLength: 32 } : { name: scheme, hash };
    const certificate = Buffer.from(this.certificateDer).toString('base64');
    const now = this.#options.now?.() ?? new Date();
    const signed = new KsefSignedXml();
    const useV1 = this.#options.signingCertificate === 'v1';
    await signed.Sign(algorithm as Algorithm, privateKey as CryptoKey, doc, {
      references: [{ uri: '', hash: 'SHA-256', transforms: ['enveloped', 'exc-c14n'] }],
      x509: [certificate],
      ...(useV1 ? { signingCertificate: certificate } : { signingCertificateV2: certificate }),
      signingTime: { value: new Date(now.getTime() - (this.#options.clockSkewMs ?? 60_000)) },
    });
    const signature = signed.GetXml();
    if (!signature) throw new GatewayError('GW_XADES_SIGN_FAILED', 'system', 'xadesjs produced no signature element');
    doc.documentElement.appendChild(signature);
    return new xmldom.XMLSerializer().serializeToString(doc as unknown as xmldom.Node);
  }

  toJSON(): Record<string, unknown> {
    return { kind: 'XadesSigner', scheme: this.#credential.scheme, privateKey: '[redacted]' };
  }
}

