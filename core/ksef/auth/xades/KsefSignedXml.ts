import * as xadesjs from 'xadesjs';
import { CryptoConfig, RsaPssWithoutParamsSha256 } from 'xmldsigjs';

/**
 * xadesjs writes RSA-PSS as `xmldsig-more#rsa-pss` with an RSAPSSParams element. KSeF's list of accepted
 * SignatureMethods (docs auth/podpis-xades.md) names the RFC 6931 per-hash form
 * `xmldsig-more#sha256-rsa-MGF1` (salt = hash length), which EU DSS and Apache Santuario also read.
 * This subclass only changes which algorithm object signs the SignedInfo; everything else is the library's.
 */
export class KsefSignedXml extends xadesjs.SignedXml {
  override async Sign(algorithm: Algorithm, key: CryptoKey, data: Document, options?: xadesjs.OptionsXAdES): Promise<import('xmldsigjs').Signature> {
    if (algorithm.name !== 'RSA-PSS') return super.Sign(algorithm, key, data, options);
    const root = data.cloneNode(true) as Document;
    const element = root.documentElement;
    const pss = new RsaPssWithoutParamsSha256();
    await this.ApplySignOptions(this.XmlSignature, algorithm, key, options ?? {});
    await this.DigestReferences(element);
    this.XmlSignature.SignedInfo.SignatureMethod = CryptoConfig.CreateSignatureMethod(pss);
    const signedInfo = this.TransformSignedInfo(element);
    const value = await pss.Sign(signedInfo, key, pss.algorithm as Algorithm);
    this.Key = key;
    this.Algorithm = pss.algorithm as Algorithm;
    this.XmlSignature.SignatureValue = new Uint8Array(value);
    this.document = root;
    return this.XmlSignature;
  }
}
