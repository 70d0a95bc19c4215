import type { Idoc, IdocParseResult } from './Idoc.js';
import { IdocBuilder } from './IdocBuilder.js';
import { idocError } from './IdocIssue.js';
import type { IdocLayout } from './IdocLayout.js';
import { scanIdocXml, type XmlElement } from './scanIdocXml.js';
import { segmentType } from './segmentType.js';

/**
 * Reads IDoc-XML: a root element named for the IDoc type or its extension (`<INVOIC02>`, `<ZINV_ARDO>`), one
 * `<IDOC BEGIN="1">` per IDoc, `<EDI_DC40>` first, then the segments nested as in the hierarchy. An element is a
 * segment when it has a SEGMENT attribute or child elements, otherwise a field. Segment numbers follow document order.
 */
export function parseIdocXml(xml: string, layout: IdocLayout): IdocParseResult {
  const scanned = scanIdocXml(xml);
  if (!scanned.ok) {
    return { idocs: [], issues: [idocError('GW_SAP_IDOC_XML_MALFORMED', `not well-formed XML: ${scanned.message}`, { line: scanned.line, column: scanned.column })] };
  }
  const root = scanned.root;
  const idocNodes = root.name === 'IDOC' ? [root] : root.children.filter((c) => c.name === 'IDOC');
  if (idocNodes.length === 0) {
    return { idocs: [], issues: [idocError('GW_SAP_IDOC_XML_NO_IDOC', `<${root.name}> holds no <IDOC> element: not IDoc-XML`, {})] };
  }
  return { idocs: idocNodes.map((n) => readIdoc(n, layout)), issues: [] };
}

function readIdoc(idocNode: XmlElement, layout: IdocLayout): Idoc {
  const controlNode = idocNode.children.find((c) => c.name === 'EDI_DC40');
  const builder = new IdocBuilder(controlNode ? fieldsOf(controlNode) : {}, layout);
  if (!controlNode) builder.error('GW_SAP_IDOC_NO_CONTROL_RECORD', '<IDOC> has no <EDI_DC40> control record');
  else if (builder.docnum === '') builder.error('GW_SAP_IDOC_NO_DOCNUM', 'the control record has no DOCNUM', { segment: 'EDI_DC40', field: 'DOCNUM' });
  let segnum = 0;
  const visit = (nodes: readonly XmlElement[], parent: number): void => {
    for (const node of nodes) {
      if (node.name === 'EDI_DC40') continue;
      if (!isSegment(node)) {
        if (parent === 0) builder.error('GW_SAP_IDOC_XML_STRAY_FIELD', `<${node.name}> outside any segment`, { field: node.name });
        continue;
      }
      segnum += 1;
      const own = segnum;
      builder.addNamed(segmentType(node.name, layout), own, parent, fieldsOf(node));
      visit(node.children, own);
    }
  };
  visit(idocNode.children, 0);
  return builder.build();
}

function isSegment(node: XmlElement): boolean {
  return node.attributes.SEGMENT !== undefined || node.children.length > 0;
}

/** The text-only child elements of a segment, values with trailing blanks removed and empty ones left out. */
function fieldsOf(node: XmlElement): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const child of node.children) {
    if (isSegment(child)) continue;
    const value = child.text.trimEnd();
    if (value !== '') fields[child.name] = value;
  }
  return fields;
}
