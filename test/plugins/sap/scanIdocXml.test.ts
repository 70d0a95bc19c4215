import { scanIdocXml } from '../../../plugins/sap/idoc/scanIdocXml.js';

const fault = (xml: string) => {
  const r = scanIdocXml(xml);
  if (r.ok) throw new Error('accepted');
  return r;
};

describe('scanIdocXml', () => {
  it('reads elements, attributes, entities, character references, CDATA, comments and the declaration', () => {
    const r = scanIdocXml('\uFEFF<?xml version="1.0"?>\n<!-- c --><A x=\'1\' y="a&amp;b"><B>T &lt;1&gt; &#x119;&#261; &quot;q&apos;</B><C/><D><![CDATA[<raw>&]]></D></A>\n');
    expect(r).toEqual({ ok: true, root: {
      name: 'A', attributes: { x: '1', y: 'a&b' }, text: '',
      children: [
        { name: 'B', attributes: {}, children: [], text: 'T <1> ęą "q\'' },
        { name: 'C', attributes: {}, children: [], text: '' },
        { name: 'D', attributes: {}, children: [], text: '<raw>&' },
      ],
    } });
  });

  it('refuses a DOCTYPE, where entity expansion attacks come from', () => {
    expect(fault('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>').message).toContain('DOCTYPE');
  });

  it('names line and column of a mismatched end tag, an unknown entity, a bare ampersand, a second root, an unclosed element', () => {
    expect(fault('<a>\n  <b></c>\n</a>')).toMatchObject({ message: 'end tag </c> where </b> was expected', line: 2, column: 6 });
    expect(fault('<a>&nbsp;</a>').message).toBe('unknown entity &nbsp;');
    expect(fault('<a>R&D</a>').message).toBe('"&" that starts no entity');
    expect(fault('<a/><b/>').message).toBe('a second root element');
    expect(fault('<a><b>').message).toBe('<b> is not closed');
    expect(fault('<a x=1/>').message).toBe('value of attribute x not quoted');
    expect(fault('<a x="1" x="2"/>').message).toBe('attribute x given twice');
    expect(fault('text<a/>').message).toBe('text before the root element');
  });
});
