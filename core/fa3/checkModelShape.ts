import { fa3DataError } from './model/fa3DataError.js';
import { fa3Slots } from './xsd/fa3Lookup.js';
import { FA3_ROOT } from './xsd/fa3Structure.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a parsed tree (element name -> text, object or array; `@name` attributes; `#text`) against the XSD's element
 * names, in place: unknown, repeated or misplaced elements fail with a GW_FA3_* data error at their path; repeatable
 * elements become arrays and empty complex elements empty objects, so the tree is the canonical model. Shared by the
 * readers of both parsers (fast-xml-parser, libxml2), which must give the same model.
 */
export function checkModelShape(content: Record<string, unknown>, documentName: string): void {
  new ModelChecker(documentName).complex(FA3_ROOT.type, content, '');
}

class ModelChecker {
  constructor(private readonly documentName: string) {}

  private fail(code: string, location: string, reason: string): never {
    throw fa3DataError(code, this.documentName, location, reason);
  }

  complex(typeKey: string, node: Record<string, unknown>, path: string): void {
    const slots = fa3Slots(typeKey);
    for (const [key, value] of Object.entries(node)) {
      const here = path ? `${path}/${key}` : key;
      if (key.startsWith('@')) {
        if (!slots.attributeNames.has(key)) this.fail('GW_FA3_UNKNOWN_ATTRIBUTE', here, `attribute ${key.slice(1)} is not allowed here`);
        continue;
      }
      if (key === '#text') {
        if (slots.type.text === undefined) this.fail('GW_FA3_UNEXPECTED_CONTENT', path, `text ${JSON.stringify(String(value).slice(0, 40))} among child elements`);
        continue;
      }
      const slot = slots.byName.get(key);
      if (!slot) this.fail('GW_FA3_UNKNOWN_ELEMENT', here, `${key} is not an element of ${path || FA3_ROOT.name} in FA(3)`);
      if (!slot.array && Array.isArray(value)) this.fail('GW_FA3_REPEATED_ELEMENT', here, `${key} may appear only once`);
      const items = Array.isArray(value) ? value : [value];
      for (let i = 0; i < items.length; i++) {
        const at = slot.array ? `${here}[${i + 1}]` : here;
        const item = items[i];
        if (slot.leaf) {
          if (typeof item !== 'string') this.fail('GW_FA3_UNEXPECTED_CONTENT', at, `${key} holds a value, not child elements or attributes`);
        } else if (item === '') {
          // An empty complex element: keep its place, the XSD reports what it lacks.
          items[i] = {};
        } else if (isRecord(item)) {
          this.complex(slot.type, item, at);
        } else {
          this.fail('GW_FA3_UNEXPECTED_CONTENT', at, `${key} must contain child elements, not text`);
        }
      }
      if (slot.array) node[key] = items;
      else if (items[0] !== value) node[key] = items[0];
    }
    if (slots.type.text !== undefined && node['#text'] === undefined) node['#text'] = '';
  }
}
