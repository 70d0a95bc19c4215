import type { ContextId, FormCode } from '../store/records.js';

export interface UpoDocument {
  sellerNip: string;
  ksefNumber: string;
  invoiceNumber: string;
  issueDate: string;
  sentAt: string;
  acquisitionDate: string;
  invoiceHash: string;
  mode: 'Online' | 'Offline';
}

export interface UpoInput {
  sessionRef: string;
  context: ContextId;
  auth: { tokenRef: string } | { documentHash: string };
  formCode: FormCode;
  documents: readonly UpoDocument[];
  /** Session UPO pages only. `to` is exclusive, like KSeF's ZakresDokumentowDo. */
  page?: { number: number; pages: number; from: number; to: number; total: number };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const CONTEXT_ELEMENT: Record<ContextId['type'], string> = { Nip: 'Nip', InternalId: 'IdWewnetrzny', NipVatUe: 'IdZlozonyVatUE', PeppolId: 'IdDostawcyUslugPeppol' };

/** UPO v4-3 (`http://upo.schematy.mf.gov.pl/KSeF/v4-3`), unsigned: it validates against upo-v4-3.xsd. */
export function buildUpo(u: UpoInput): string {
  const ctx = CONTEXT_ELEMENT[u.context.type];
  const auth = 'tokenRef' in u.auth
    ? `<NumerReferencyjnyTokenaKSeF>${u.auth.tokenRef}</NumerReferencyjnyTokenaKSeF>`
    : `<SkrotDokumentuUwierzytelniajacego>${u.auth.documentHash}</SkrotDokumentuUwierzytelniajacego>`;
  const page = u.page
    ? `<OpisPotwierdzenia><Strona>${u.page.number}</Strona><LiczbaStron>${u.page.pages}</LiczbaStron><ZakresDokumentowOd>${u.page.from}</ZakresDokumentowOd><ZakresDokumentowDo>${u.page.to}</ZakresDokumentowDo><CalkowitaLiczbaDokumentow>${u.page.total}</CalkowitaLiczbaDokumentow></OpisPotwierdzenia>`
    : '';
  const schemaFile = `Schemat_${u.formCode.systemCode.replace(' ', '')}_v${u.formCode.schemaVersion}.xsd`;
  const docs = u.documents.map((d) => `<Dokument><NipSprzedawcy>${d.sellerNip}</NipSprzedawcy><NumerKSeFDokumentu>${d.ksefNumber}</NumerKSeFDokumentu><NumerFaktury>${esc(d.invoiceNumber)}</NumerFaktury><DataWystawieniaFaktury>${d.issueDate}</DataWystawieniaFaktury><DataPrzeslaniaDokumentu>${d.sentAt}</DataPrzeslaniaDokumentu><DataNadaniaNumeruKSeF>${d.acquisitionDate}</DataNadaniaNumeruKSeF><SkrotDokumentu>${d.invoiceHash}</SkrotDokumentu><TrybWysylki>${d.mode}</TrybWysylki></Dokument>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3" wersjaSchemy="4-3"><NazwaPodmiotuPrzyjmujacego>Ministerstwo Finansów</NazwaPodmiotuPrzyjmujacego><NumerReferencyjnySesji>${u.sessionRef}</NumerReferencyjnySesji><Uwierzytelnienie><IdKontekstu><${ctx}>${esc(u.context.value)}</${ctx}></IdKontekstu>${auth}</Uwierzytelnienie>${page}<NazwaStrukturyLogicznej>${esc(schemaFile)}</NazwaStrukturyLogicznej><KodFormularza>${esc(u.formCode.systemCode)}</KodFormularza>${docs}</Potwierdzenie>`;
}
