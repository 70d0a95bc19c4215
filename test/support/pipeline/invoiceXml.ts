import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FA3_SAMPLES_DIR } from '../sharedDir.js';

const base = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8');
const line = /<FaWiersz>[\s\S]*?<\/FaWiersz>/.exec(base)?.[0] ?? '';

export interface InvoiceXmlOptions {
  readonly sellerNip?: string;
  readonly number: string;
  readonly issueDate?: string;
  /** Number of FaWiersz lines (copies of the sample's first line, renumbered). */
  readonly lines?: number;
  /**
   * `PodmiotUpowazniony` (FA3.md section 6): the subject KSeF shows the invoice to as SubjectAuthorized. `role` is
   * `RolaPU`: 1 enforcement body, 2 court bailiff, 3 tax representative.
   */
  readonly authorizedSubject?: { readonly nip: string; readonly name: string; readonly role: 1 | 2 | 3 };
}

/** The element in the schema's order: NrEORI?, DaneIdentyfikacyjne, Adres, AdresKoresp?, DaneKontaktowe*, RolaPU. */
function podmiotUpowazniony(s: NonNullable<InvoiceXmlOptions['authorizedSubject']>): string {
  return `<PodmiotUpowazniony>
		<DaneIdentyfikacyjne>
			<NIP>${s.nip}</NIP>
			<Nazwa>${s.name}</Nazwa>
		</DaneIdentyfikacyjne>
		<Adres>
			<KodKraju>PL</KodKraju>
			<AdresL1>ul. Sądowa 5</AdresL1>
			<AdresL2>00-950 Warszawa</AdresL2>
		</Adres>
		<RolaPU>${s.role}</RolaPU>
	</PodmiotUpowazniony>
	`;
}

/** The Ministry's sample 1 with its own seller, P_2 and line count (DECISIONS.md 7: each copy gets its own P_2). */
export function invoiceXml(o: InvoiceXmlOptions): string {
  let xml = base.replace('<NIP>9999999999</NIP>', `<NIP>${o.sellerNip ?? '9999999999'}</NIP>`)
    .replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${o.number}</P_2>`);
  // After Podmiot2 (and any Podmiot3), right before Fa, as the schema orders Faktura's children.
  if (o.authorizedSubject) xml = xml.replace(/<Fa>/, `${podmiotUpowazniony(o.authorizedSubject)}<Fa>`);
  if (o.issueDate) xml = xml.replace(/<P_1>[^<]*<\/P_1>/, `<P_1>${o.issueDate}</P_1>`);
  if (o.lines !== undefined) {
    const all = Array.from({ length: o.lines }, (_, i) => line.replace(/<NrWierszaFa>\d+<\/NrWierszaFa>/, `<NrWierszaFa>${i + 1}</NrWierszaFa>`));
    xml = xml.replace(/(\s*<FaWiersz>[\s\S]*?<\/FaWiersz>)+/, `\n\t\t${all.join('\n\t\t')}`);
  }
  return xml;
}
