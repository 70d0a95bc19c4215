import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Idoc, IdocParseResult } from './Idoc.js';
import { IdocBuilder } from './IdocBuilder.js';
import { idocError } from './IdocIssue.js';
import type { IdocLayout } from './IdocLayout.js';
import { segmentType } from './segmentType.js';

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false,
  trimValues: false, processEntities: true, ignoreDeclaration: true, ignorePiTags: true,
});

/**
 * Reads IDoc-XML: a root element named for the IDoc type or its extension (`<INVOIC02>`, `<ZINV_ARDO>`), one
 * `<IDOC BEGIN="1">` per IDoc, `<EDI_DC40>` first, then the segments nested as in the hierarchy. An element is a
 * segment when it has a SEGMENT attribute or child elements, otherwise a field. Segment numbers follow document order.
 */
export function parseIdocXml(xml: string, layout: IdocLayout): IdocParseResult {
  const check = XMLValidator.validate(xml);
  if (check !== true) {
    return { idocs: [], issues: [idocError('GW_SAP_IDOC_XML_MALFORMED', `not well-formed XML: ${check.err.msg}`, { line: check.err.line, column: check.err.col })] };
  }
  let nodes: XmlNode[];
  try {
    nodes = parser.parse(xml) as XmlNode[];
  } catch (err) {
    // The validator lets a few faults through (an unclosed processing instruction) that the parser then refuses.
    return { idocs: [], issues: [idocError('GW_SAP_IDOC_XML_MALFORMED', `not well-formed XML: ${(err as Error).message}`, { line: 1 })] };
  }
  const root = nodes.find((n) => elementName(n) !== undefined);
  const rootName = root ? elementName(root) : undefined;
  if (!root || !rootName) return { idocs: [], issues: [idocError('GW_SAP_IDOC_XML_NO_ROOT', 'no root element', {})] };
  const idocNodes = rootName === 'IDOC' ? [root] : childElements(root).filter((c) => elementName(c) === 'IDOC');
  if (idocNodes.length === 0) {
    return { idocs: [], issues: [idocError('GW_SAP_IDOC_XML_NO_IDOC', `<${rootName}> holds no <IDOC> element: not IDoc-XML`, {})] };
  }
  return { idocs: idocNodes.map((n) => readIdoc(n, layout)), issues: [] };
}

function readIdoc(idocNode: XmlNode, layout: IdocLayout): Idoc {
  const children = childElements(idocNode);
  const controlNode = children.find((c) => elementName(c) === 'EDI_DC40');
  const control = controlNode ? fieldsOf(controlNode) : {};
  const builder = new IdocBuilder(control, layout);
  if (!controlNode) builder.error('GW_SAP_IDOC_NO_CONTROL_RECORD', '<IDOC> has no <EDI_DC40> control record');
  else if (builder.docnum === '') builder.error('GW_SAP_IDOC_NO_DOCNUM', 'the control record has no DOCNUM', { segment: 'EDI_DC40', field: 'DOCNUM' });
  let segnum = 0;
  const visit = (nodes: readonly XmlNode[], parent: number): void => {
    for (const node of nodes) {
      const sent = elementName(node);
      if (sent === undefined || sent === 'EDI_DC40') continue;
      if (!isSegment(node)) {
        if (parent === 0) builder.error('GW_SAP_IDOC_XML_STRAY_FIELD', `<${sent}> outside any segment`, { field: sent });
        continue;
      }
      segnum += 1;
      const own = segnum;
      builder.addNamed(segmentType(sent, layout), own, parent, fieldsOf(node));
      visit(childElements(node).filter(isSegment), own);
    }
  };
  visit(children, 0);
  return builder.build();
}

function elementName(node: XmlNode): string | undefined {
  for (const key of Object.keys(node)) if (key !== ':@' && key !== '#text' && !key.startsWith('?')) return key;
  return undefined;
}

function childElements(node: XmlNode): XmlNode[] {
  const name = elementName(node);
  const content = name === undefined ? undefined : node[name];
  return Array.isArray(content) ? (content as XmlNode[]).filter((c) => elementName(c) !== undefined) : [];
}

function isSegment(node: XmlNode): boolean {
  return node[':@']?.SEGMENT !== undefined || childElements(node).length > 0;
}

/** The text-only child elements of a segment, values with trailing blanks removed and empty ones left out. */
function fieldsOf(node: XmlNode): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const child of childElements(node)) {
    if (isSegment(child)) continue;
    const name = elementName(child) as string;
    const content = child[name] as XmlNode[];
    const value = content.map((t) => (typeof t['#text'] === 'string' ? t['#text'] : '')).join('').trimEnd();
    if (value !== '') fields[name] = value;
  }
  return fields;
}
