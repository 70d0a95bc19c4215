const money = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** A VAT invoice of seller `nip` with `lines` lines at 23 %, sums consistent, its own P_2. */
export function benchInvoice(nip: string, number: string, lines: number): string {
  const items: string[] = [];
  let net = 0;
  let vat = 0;
  for (let i = 1; i <= lines; i++) {
    const price = 1000 + ((i * 7919) % 90000);
    net += price;
    vat += Math.round(price * 0.23);
    items.push(`<FaWiersz><NrWierszaFa>${i}</NrWierszaFa><P_7>Towar ${i}</P_7><P_8A>szt.</P_8A><P_8B>1</P_8B><P_9A>${money(price)}</P_9A><P_11>${money(price)}</P_11><P_12>23</P_12></FaWiersz>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Naglowek><KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza><WariantFormularza>3</WariantFormularza><DataWytworzeniaFa>2026-02-01T00:00:00Z</DataWytworzeniaFa><SystemInfo>bench</SystemInfo></Naglowek>
<Podmiot1><DaneIdentyfikacyjne><NIP>${nip}</NIP><Nazwa>ABC AGD sp. z o. o.</Nazwa></DaneIdentyfikacyjne><Adres><KodKraju>PL</KodKraju><AdresL1>ul. Kwiatowa 1 m. 2</AdresL1><AdresL2>00-001 Warszawa</AdresL2></Adres></Podmiot1>
<Podmiot2><DaneIdentyfikacyjne><NIP>1111111111</NIP><Nazwa>F.H.U. Jan Kowalski</Nazwa></DaneIdentyfikacyjne><Adres><KodKraju>PL</KodKraju><AdresL1>ul. Polna 1</AdresL1><AdresL2>00-001 Warszawa</AdresL2></Adres><JST>2</JST><GV>2</GV></Podmiot2>
<Fa><KodWaluty>PLN</KodWaluty><P_1>2026-02-15</P_1><P_2>${number}</P_2><P_13_1>${money(net)}</P_13_1><P_14_1>${money(vat)}</P_14_1><P_15>${money(net + vat)}</P_15><Adnotacje><P_16>2</P_16><P_17>2</P_17><P_18>2</P_18><P_18A>2</P_18A><Zwolnienie><P_19N>1</P_19N></Zwolnienie><NoweSrodkiTransportu><P_22N>1</P_22N></NoweSrodkiTransportu><P_23>2</P_23><PMarzy><P_PMarzyN>1</P_PMarzyN></PMarzy></Adnotacje><RodzajFaktury>VAT</RodzajFaktury>
${items.join('\n')}
</Fa></Faktura>`;
}
