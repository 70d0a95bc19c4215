import type { InvoiceMeta, ThirdSubject } from '../store/records.js';

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, e: string) =>
    ENTITY[e] ?? String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
}

/** First leaf `<name>` (any prefix) inside `block`, trimmed and decoded. */
function leaf(block: string, name: string): string | undefined {
  const m = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?${name}>`).exec(block);
  return m ? decode(m[1].trim()) : undefined;
}

function blocks(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${name}[\\s>][\\s\\S]*?</(?:[\\w.-]+:)?${name}>`, 'g'))].map((m) => m[0]);
}

function thirdSubject(block: string): ThirdSubject {
  const nip = leaf(block, 'NIP');
  const internal = leaf(block, 'IDWew');
  const vatUe = leaf(block, 'NrVatUE');
  const other = leaf(block, 'NrID');
  const identifier: ThirdSubject['identifier'] = nip ? { type: 'Nip', value: nip }
    : internal ? { type: 'InternalId', value: internal }
      : vatUe ? { type: 'VatUe', value: `${leaf(block, 'KodUE') ?? ''}${vatUe}` }
        : other ? { type: 'Other', value: other } : { type: 'None' };
  const role = Number(leaf(block, 'Rola') ?? 0);
  return { identifier, name: leaf(block, 'Nazwa'), role: Number.isInteger(role) ? role : 0 };
}

/**
 * `Podmiot3` (repeatable, up to 100) and `PodmiotUpowazniony`: the subjects that see an invoice as Subject3 and
 * SubjectAuthorized. Read only when the document has them; the main scan keeps one occurrence per path.
 */
export function readOtherSubjects(xml: string): Pick<InvoiceMeta, 'thirdSubjects' | 'authorizedSubject'> {
  const out: Pick<InvoiceMeta, 'thirdSubjects' | 'authorizedSubject'> = {};
  if (xml.includes('Podmiot3')) out.thirdSubjects = blocks(xml, 'Podmiot3').map(thirdSubject);
  if (xml.includes('PodmiotUpowazniony')) {
    const block = blocks(xml, 'PodmiotUpowazniony')[0];
    const nip = block && leaf(block, 'NIP');
    if (nip) out.authorizedSubject = { nip, name: leaf(block, 'Nazwa'), role: Number(leaf(block, 'RolaPU') ?? 0) };
  }
  return out;
}
