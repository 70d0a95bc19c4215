import { XMLValidator } from 'fast-xml-parser';
import { scanXml } from '../../../../adapters/ksef-simulator/processing/scanXml.js';

const READ = ['Fa', 'Podmiot1/DaneIdentyfikacyjne'];
const doc = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<f:Faktura xmlns:f="urn:x">${body}</f:Faktura>`;

describe('scanXml', () => {
  it('keeps the trimmed, decoded leaf values under the collected paths, whatever the namespace prefix', () => {
    const scan = scanXml(doc(`<f:Podmiot1><f:DaneIdentyfikacyjne><f:NIP> 5265877635 </f:NIP><f:Nazwa>A &amp; B &#x41;&#66;</f:Nazwa></f:DaneIdentyfikacyjne></f:Podmiot1>
      <f:Fa><f:P_2><![CDATA[FV/<1>]]></f:P_2><f:P_13_1>10.00</f:P_13_1><f:Empty/><f:FaWiersz><f:P_2>not me</f:P_2></f:FaWiersz></f:Fa>`), READ);
    expect(scan.error).toBeUndefined();
    expect(scan.root).toBe('Faktura');
    expect(scan.groups['Podmiot1/DaneIdentyfikacyjne']).toEqual({ NIP: '5265877635', Nazwa: 'A & B AB' });
    expect({ ...scan.groups.Fa }).toEqual({ P_2: 'FV/<1>', P_13_1: '10.00', Empty: '' });
  });

  it('keeps the first of repeated elements and skips elements that have children', () => {
    const scan = scanXml(doc('<Fa><P_1>a</P_1><P_1>b</P_1><Adnotacje><P_16>2</P_16></Adnotacje></Fa>'), READ);
    expect({ ...scan.groups.Fa }).toEqual({ P_1: 'a' });
  });

  it('does not read values from paths it was not asked for', () => {
    const scan = scanXml(doc('<Podmiot2><DaneIdentyfikacyjne><NIP>1</NIP></DaneIdentyfikacyjne></Podmiot2><Other><Fa><P_2>x</P_2></Fa></Other>'), READ);
    expect({ ...scan.groups.Fa }).toEqual({});
    expect({ ...scan.groups['Podmiot1/DaneIdentyfikacyjne'] }).toEqual({});
  });

  it.each([
    ['an unclosed root', '<?xml version="1.0"?><a><b></b>', 1],
    ['crossed tags', '<a><b></a></b>', 1],
    ['a close tag with nothing open', '<a></a></a>', 1],
    ['two roots', '<a/><b/>', 1],
    ['text outside the root', '<a/>x', 1],
    ['no root at all', '<!-- c -->', 1],
    ['a bare ampersand', '<a>x & y</a>', 1],
    ['an unknown entity', '<a>&nbsp;</a>', 1],
    ['a reference to a forbidden character', '<a>&#1;</a>', 1],
    ['< inside an attribute value', '<a b="<"/>', 1],
    ['an unquoted attribute', '<a b=1/>', 1],
    ['a repeated attribute', '<a b="1" b="2"/>', 1],
    ['attributes without space between them', '<a b="1"c="2"/>', 1],
    ['an unclosed attribute value', '<a b="1/>', 1],
    ['a name starting with a digit', '<1a/>', 1],
    ['a name with two colons', '<a:b:c/>', 1],
    [']]> in text', '<a>]]></a>', 1],
    ['-- inside a comment', '<a><!-- a -- b --></a>', 1],
    ['an unclosed comment', '<a><!-- </a>', 1],
    ['CDATA outside the root', '<![CDATA[x]]><a/>', 1],
    ['an XML declaration that is not first', ' <?xml version="1.0"?><a/>', 1],
    ['a broken XML declaration', '<?xml encoding="UTF-8"?><a/>', 1],
    ['a control character', '<a>\u0001</a>', 1],
    ['an error on a later line', '<a>\n\n<b></c>\n</a>', 3],
  ])('finds %s not well-formed (line %d)', (_what, xml, line) => {
    const scan = scanXml(xml, READ);
    expect(scan.error?.line).toBe(line);
  });

  it.each([
    ['comments, processing instructions and a doctype around the root', '<!DOCTYPE a><!-- x --><?pi data?><a/>\n<!-- y -->'],
    ['an empty comment', '<a><!----></a>'],
    ['single-quoted attributes with references and >', "<a b='x &lt; &quot; >' c = \"1\"/>"],
    ['non-ASCII names and text', '<zażółć gęślą="jaźń">żółw</zażółć>'],
    ['spaces inside tags', '<a  b="1"  ><c /></a >'],
    ['CDATA holding markup', '<a><![CDATA[<b>&]]></a>'],
  ])('accepts %s', (_what, xml) => {
    expect(scanXml(xml, READ).error).toBeUndefined();
  });

  it('agrees with fast-xml-parser on damaged copies of an invoice', () => {
    const invoice = doc('<Podmiot1><DaneIdentyfikacyjne><NIP>1</NIP></DaneIdentyfikacyjne></Podmiot1><Fa a="1"><P_2>x&amp;y</P_2><!-- c --></Fa>');
    // Every single-character deletion fast-xml-parser's validator refuses, the scan refuses too (it is stricter on
    // a few points, such as unknown entities, so the other direction is not required).
    let disagreements = 0;
    for (let k = 0; k < invoice.length; k++) {
      const damaged = invoice.slice(0, k) + invoice.slice(k + 1);
      const ours = scanXml(damaged, READ).error === undefined;
      const theirs = XMLValidator.validate(damaged) === true;
      if (ours && !theirs) disagreements++;
    }
    expect(disagreements).toBe(0);
  });
});
