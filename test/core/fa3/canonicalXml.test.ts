import { canonicalXml } from './canonicalXml.js';

const doc = (body: string) => `<?xml version="1.0"?><Faktura xmlns="urn:x" xmlns:xsi="urn:y" xsi:schemaLocation="a"><Fa>${body}</Fa></Faktura>`;

describe('canonicalXml (the round-trip comparison)', () => {
  it('ignores namespace declarations, prefixes, indentation and insignificant decimal zeros', () => {
    expect(canonicalXml(doc('<P_15>177.00</P_15><P_2> A  B </P_2>'))).toBe(
      canonicalXml('<f:Faktura xmlns:f="urn:x">\n  <f:Fa>\n    <f:P_15>177</f:P_15>\n    <f:P_2>A B</f:P_2>\n  </f:Fa>\n</f:Faktura>'),
    );
  });

  it('sees a changed value, a missing element, a changed order and a changed attribute', () => {
    const base = canonicalXml(doc('<A>1.5</A><B>x</B><K t="1">v</K>'));
    expect(canonicalXml(doc('<A>1.50001</A><B>x</B><K t="1">v</K>'))).not.toBe(base);
    expect(canonicalXml(doc('<A>1.5</A><K t="1">v</K>'))).not.toBe(base);
    expect(canonicalXml(doc('<B>x</B><A>1.5</A><K t="1">v</K>'))).not.toBe(base);
    expect(canonicalXml(doc('<A>1.5</A><B>x</B><K t="2">v</K>'))).not.toBe(base);
    expect(canonicalXml(doc('<A>1.5</A><B>X</B><K t="1">v</K>'))).not.toBe(base);
  });
});
