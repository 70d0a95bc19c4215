import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { XmlDocument } from 'libxml2-wasm';
import { readFa3 } from '../../../../core/fa3/Fa3Reader.js';
import { writeFa3 } from '../../../../core/fa3/Fa3Writer.js';
import { readFa3Document } from '../../../../core/fa3/validation/readFa3Document.js';
import { FA3_SAMPLES_DIR } from '../../../support/sharedDir.js';
import { anyFa3Invoice } from '../fa3SchemaArbitrary.js';

/**
 * The readers on the same bytes: the model, or the error's code and location. libxml2's tree is read both through
 * its struct readers (the fast path) and through its node objects (the fallback).
 */
function both(xml: string | Buffer): { fastXmlParser: unknown; libxml2: unknown } {
  const outcome = (read: () => unknown) => {
    try {
      return { model: read() };
    } catch (e) {
      const err = e as { code?: string; location?: string };
      return { error: err.code, location: err.location };
    }
  };
  const doc = XmlDocument.fromBuffer(typeof xml === 'string' ? Buffer.from(xml) : xml);
  try {
    const libxml2 = outcome(() => readFa3Document(doc, 'doc.xml'));
    expect(outcome(() => readFa3Document(doc, 'doc.xml', { objects: true }))).toEqual(libxml2);
    return { fastXmlParser: outcome(() => readFa3(xml, 'doc.xml', { wellFormed: true })), libxml2 };
  } finally {
    doc.dispose();
  }
}

const sample = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8');

describe('readFa3Document (the model from the XSD check\'s own parse)', () => {
  it.each(readdirSync(FA3_SAMPLES_DIR).filter((f) => f.endsWith('.xml')))('reads %s into the model readFa3 gives', (file) => {
    const r = both(readFileSync(join(FA3_SAMPLES_DIR, file)));
    expect(r.libxml2).toEqual(r.fastXmlParser);
    expect(r.libxml2).toHaveProperty('model');
  });

  it.each([
    ['an unknown element', sample.replace('<P_2>', '<Nieznany>x</Nieznany><P_2>')],
    ['a repeated element', sample.replace(/(<P_2>[^<]*<\/P_2>)/, '$1$1')],
    ['text among child elements', sample.replace('<P_2>', 'stray text<P_2>')],
    ['child elements in a value', sample.replace(/<P_2>[^<]*<\/P_2>/, '<P_2><b>1</b></P_2>')],
    ['an unknown attribute', sample.replace('<P_2>', '<P_2 foo="1">')],
    ['xsi:schemaLocation on the root', sample.replace('<Faktura ', '<Faktura xsi:schemaLocation="x y" ')],
    ['another namespace', sample.replace('http://crd.gov.pl/wzor/2025/06/25/13775/', 'http://example.com/fa2')],
    ['another root element', '<?xml version="1.0"?><Invoice xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Fa/></Invoice>'],
    ['an empty root', '<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"/>'],
    ['entities, CDATA and comments in values', sample.replace(/<P_2>[^<]*<\/P_2>/, '<P_2> A&amp;B &#x42;<![CDATA[<c>]]><!-- n --> </P_2>')],
  ])('refuses or reads %s as readFa3 does', (_what, xml) => {
    const r = both(xml);
    expect(r.libxml2).toEqual(r.fastXmlParser);
  });

  it('reads any schema-shaped invoice as readFa3 does', () => {
    fc.assert(fc.property(anyFa3Invoice, (inv) => {
      const r = both(writeFa3(inv));
      expect(r.libxml2).toEqual(r.fastXmlParser);
    }), { numRuns: 150 });
  });
});
