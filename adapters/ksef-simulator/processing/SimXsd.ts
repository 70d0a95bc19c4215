import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { XmlBufferInputProvider, XmlDocument, XmlValidateError, XsdValidator, xmlRegisterInputProvider } from 'libxml2-wasm';

const BASE_URL = 'http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/';
const FA3_FILE = 'schemat_FA(3)_v1-0E.xsd';

let registered = false;

/**
 * The simulator's own FA(3) XSD check with libxml2-wasm (the schema compiled once, reused for every invoice).
 * The crd.gov.pl imports are served from `<schemasDir>/fa3/bazowe`, so validation never touches the network.
 */
export class SimXsd {
  private constructor(private readonly validator: XsdValidator) {}

  /** Throws GW_FA3_SCHEMA_INVALID naming the folder when the schema cannot be read or compiled. */
  static load(schemasDir: string): SimXsd {
    const fa3Dir = join(schemasDir, 'fa3');
    try {
      if (!registered) {
        const buffers: Record<string, Uint8Array> = {};
        for (const f of readdirSync(join(fa3Dir, 'bazowe'))) buffers[BASE_URL + f] = readFileSync(join(fa3Dir, 'bazowe', f));
        xmlRegisterInputProvider(new XmlBufferInputProvider(buffers));
        registered = true;
      }
      const schemaDoc = XmlDocument.fromBuffer(readFileSync(join(fa3Dir, FA3_FILE)), { url: `file://${join(fa3Dir, FA3_FILE)}` });
      return new SimXsd(XsdValidator.fromDoc(schemaDoc));
    } catch (err) {
      throw new GatewayError('GW_FA3_SCHEMA_INVALID', 'config',
        `the simulator's FA(3) schema in ${fa3Dir} could not be compiled: ${(err as Error).message.trim()}`, { cause: err });
    }
  }

  /** `notWellFormed` when libxml2 cannot parse the bytes (a file-level fault, 430); else the XSD's messages (empty = valid). */
  validate(xml: Buffer): { notWellFormed?: string; issues: string[] } {
    let doc: XmlDocument;
    try {
      doc = XmlDocument.fromBuffer(xml);
    } catch (e) {
      return { notWellFormed: (e as Error).message, issues: [] };
    }
    try {
      this.validator.validate(doc);
      return { issues: [] };
    } catch (e) {
      if (e instanceof XmlValidateError) return { issues: e.details.slice(0, 10).map((d) => `${d.line}: ${d.message.trim()}`) };
      return { issues: [(e as Error).message] };
    } finally {
      doc.dispose();
    }
  }
}
