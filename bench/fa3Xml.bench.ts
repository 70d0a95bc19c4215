/**
 * FA(3) XML speed on one core: build (our writer vs fast-xml-parser's XMLBuilder vs xmlbuilder2, all from the same
 * model), read (readFa3) and XSD validation (Fa3XsdValidator), on a ten-line invoice of about 3-4 KB.
 * Run: npm run bench:fa3-xml   (KSEF_SCHEMAS_DIR or ../shared/ksef/schemas; the sample from ../shared).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLBuilder } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';
import { readFa3 } from '../core/fa3/Fa3Reader.js';
import { writeFa3 } from '../core/fa3/Fa3Writer.js';
import type { Faktura } from '../core/fa3/model/Faktura.js';
import { Fa3XsdValidator } from '../core/fa3/validation/Fa3XsdValidator.js';
import { fa3Slots } from '../core/fa3/xsd/fa3Lookup.js';
import { FA3_NAMESPACE, FA3_ROOT } from '../core/fa3/xsd/fa3Structure.js';

const shared = resolve(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared'));
const schemasDir = process.env.KSEF_SCHEMAS_DIR ?? join(shared, 'ksef', 'schemas');
const base = readFa3(readFileSync(join(shared, 'ksef', 'samples', 'fa3', 'FA_3_Przyklad_1.xml')));
const lines = base.Fa.FaWiersz ?? [];
const invoice: Faktura = {
  ...base,
  Fa: { ...base.Fa, FaWiersz: Array.from({ length: 10 }, (_, i) => ({ ...lines[i % lines.length], NrWierszaFa: String(i + 1) })) },
};

/** The model re-keyed into XSD order, which both generic builders need (they follow key order). */
function ordered(typeKey: string, v: Record<string, unknown>): Record<string, unknown> {
  const slots = fa3Slots(typeKey);
  const out: Record<string, unknown> = {};
  for (const a of slots.type.attributes) out[`@${a.name}`] = v[`@${a.name}`] ?? a.fixed;
  if (slots.type.text) out['#text'] = v['#text'];
  for (const c of slots.children) {
    const x = v[c.name];
    if (x === undefined) continue;
    const one = (y: unknown) => (c.leaf ? y : ordered(c.type, y as Record<string, unknown>));
    out[c.name] = Array.isArray(x) ? x.map(one) : one(x);
  }
  return out;
}

const fxp = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', format: true, suppressEmptyNode: true });
function buildFxp(inv: Faktura): string {
  const root = { '@xmlns': FA3_NAMESPACE, ...ordered(FA3_ROOT.type, inv as unknown as Record<string, unknown>) };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${fxp.build({ [FA3_ROOT.name]: root }) as string}`;
}
function buildXmlbuilder2(inv: Faktura): string {
  const root = { '@xmlns': FA3_NAMESPACE, ...ordered(FA3_ROOT.type, inv as unknown as Record<string, unknown>) };
  return create({ version: '1.0', encoding: 'UTF-8' }, { [FA3_ROOT.name]: root }).end({ prettyPrint: true });
}

function rate(name: string, fn: () => unknown, ms = 3000): number {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
  }
  const perSec = n / (Number(process.hrtime.bigint() - start) / 1e9);
  console.log(`${name.padEnd(44)} ${perSec.toFixed(0).padStart(8)} /s`);
  return perSec;
}

const validator = await Fa3XsdValidator.load(schemasDir);
const xml = writeFa3(invoice);
for (const [name, out] of [['writeFa3', xml], ['fast-xml-parser XMLBuilder', buildFxp(invoice)], ['xmlbuilder2', buildXmlbuilder2(invoice)]] as const) {
  const issues = validator.validate(out);
  console.log(`${name}: ${Buffer.byteLength(out)} bytes, XSD ${issues.length ? `INVALID ${issues[0].message}` : 'valid'}`);
}
rate('build: writeFa3', () => writeFa3(invoice));
rate('build: fast-xml-parser XMLBuilder (ordered)', () => buildFxp(invoice));
rate('build: xmlbuilder2 (ordered)', () => buildXmlbuilder2(invoice));
rate('read: readFa3', () => readFa3(xml));
rate('xsd: Fa3XsdValidator.validate', () => validator.validate(xml));
rate('build + xsd (writeFa3 + validate)', () => validator.validate(writeFa3(invoice)));
rate('read + build + xsd', () => validator.validate(writeFa3(readFa3(xml))));
validator.dispose();
