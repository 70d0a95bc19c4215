/**
 * English explanations of the codes KSeF answers with Polish descriptions (PROTOCOL.md §4.6, §6.4, §6.5, §7, §11;
 * the descriptions as in openapi.json). The Polish text is always kept and shown; the explanation goes next to it.
 * Each namespace is separate: invoice status 450 and session status 450 mean different things.
 */
export type KsefCodeKind = 'invoice-status' | 'session-status' | 'auth-status' | 'exception';

interface Entry {
  /** KSeF's own description (Polish), as the API returns it. */
  readonly pl: string;
  readonly en: string;
}

const INVOICE_STATUS: Readonly<Record<number, Entry>> = {
  100: { pl: 'Faktura przyjęta do dalszego przetwarzania', en: 'invoice accepted for further processing' },
  150: { pl: 'Trwa przetwarzanie', en: 'processing in progress' },
  200: { pl: 'Sukces', en: 'accepted: KSeF number assigned' },
  405: { pl: 'Przetwarzanie anulowane z powodu błędu sesji', en: 'processing cancelled because of an error in the session; the invoice was not checked' },
  410: { pl: 'Nieprawidłowy zakres uprawnień', en: 'the sender has no permission to issue invoices for this seller in this context' },
  415: { pl: 'Brak możliwości wysyłania faktury z załącznikiem', en: 'invoices with attachments are not enabled for this taxpayer (enable them in e-Urząd Skarbowy)' },
  430: { pl: 'Błąd weryfikacji pliku faktury', en: 'the invoice file itself is faulty: byte-order mark, encoding other than UTF-8, not well-formed XML or too large' },
  435: { pl: 'Błąd odszyfrowania pliku', en: 'KSeF could not decrypt the invoice file' },
  440: { pl: 'Duplikat faktury', en: 'duplicate: KSeF already holds an invoice with this seller NIP, invoice type and number (P_2)' },
  450: { pl: 'Błąd weryfikacji semantyki dokumentu faktury', en: 'the invoice failed KSeF\'s checks: schema (XSD) violations or rules such as an issue date (P_1) later than today; the details say where' },
  500: { pl: 'Nieznany błąd', en: 'unknown error at KSeF' },
  550: { pl: 'Operacja została anulowana przez system', en: 'cancelled by KSeF for internal reasons; sending again is safe' },
};

const SESSION_STATUS: Readonly<Record<number, Entry>> = {
  100: { pl: 'Sesja interaktywna otwarta', en: 'session open' },
  150: { pl: 'Trwa przetwarzanie', en: 'processing in progress' },
  170: { pl: 'Sesja interaktywna zamknięta', en: 'session closed, being finished' },
  200: { pl: 'Sesja interaktywna przetworzona pomyślnie', en: 'session processed: at least one invoice accepted' },
  405: { pl: 'Błąd weryfikacji poprawności dostarczonych elementów paczki', en: 'the parts of the batch package failed verification' },
  415: { pl: 'Błąd odszyfrowania dostarczonego klucza', en: 'KSeF could not decrypt the session key' },
  420: { pl: 'Przekroczony limit faktur w sesji', en: 'too many invoices in one session' },
  430: { pl: 'Błąd dekompresji pierwotnego archiwum', en: 'the batch archive could not be decompressed' },
  435: { pl: 'Błąd odszyfrowania zaszyfrowanych części archiwum', en: 'the encrypted parts of the batch archive could not be decrypted' },
  440: { pl: 'Sesja anulowana', en: 'session cancelled: no invoices, or not finished within 12 hours' },
  445: { pl: 'Błąd weryfikacji, brak poprawnych faktur', en: 'no invoice of the session was accepted' },
  500: { pl: 'Nieznany błąd', en: 'unknown error at KSeF' },
};

const AUTH_STATUS: Readonly<Record<number, Entry>> = {
  100: { pl: 'Uwierzytelnianie w toku', en: 'authentication in progress' },
  200: { pl: 'Uwierzytelnianie zakończone sukcesem', en: 'authenticated' },
  415: { pl: 'Uwierzytelnianie zakończone niepowodzeniem', en: 'authentication failed: the token or certificate has no permissions in this context' },
  425: { pl: 'Uwierzytelnienie unieważnione', en: 'authentication revoked by the user' },
  450: { pl: 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu', en: 'authentication failed: the KSeF token is wrong, expired, revoked or not active yet' },
  460: { pl: 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu', en: 'authentication failed: the certificate is invalid, revoked, suspended or not trusted' },
  470: { pl: 'Uwierzytelnianie zakończone niepowodzeniem', en: 'authentication failed (e.g. the credentials of a deceased person)' },
  480: { pl: 'Uwierzytelnienie zablokowane', en: 'authentication blocked on suspicion of a security incident; contact the Ministry of Finance' },
  500: { pl: 'Nieznany błąd', en: 'unknown error at KSeF' },
  550: { pl: 'Operacja została anulowana przez system', en: 'cancelled by KSeF for internal reasons; try again' },
};

const EXCEPTION: Readonly<Record<number, Entry>> = {
  9101: { pl: 'Nieprawidłowy dokument.', en: 'invalid authentication document' },
  9102: { pl: 'Brak podpisu.', en: 'the authentication request is not signed' },
  9103: { pl: 'Przekroczona liczba dozwolonych podpisów.', en: 'too many signatures on the authentication request' },
  9105: { pl: 'Nieprawidłowy podpis.', en: 'invalid signature on the authentication request' },
  21001: { pl: 'Nieczytelna treść.', en: 'unreadable content' },
  21111: { pl: 'Nieprawidłowe wyzwanie autoryzacyjne.', en: 'invalid or expired authentication challenge' },
  21115: { pl: 'Nieprawidłowy certyfikat.', en: 'invalid certificate' },
  21117: { pl: 'Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu.', en: 'the identifier does not fit the context type' },
  21155: { pl: 'Przekroczono dozwoloną liczbę faktur w sesji.', en: 'the session has reached its invoice limit' },
  21157: { pl: 'Nieprawidłowy rozmiar części pakietu.', en: 'a batch package part has the wrong size' },
  21161: { pl: 'Przekroczono dozwoloną liczbę części pakietu.', en: 'too many parts in the batch package' },
  21164: { pl: 'Faktura o podanym identyfikatorze nie istnieje.', en: 'no invoice with this KSeF number' },
  21165: { pl: 'Faktura o podanym numerze KSeF nie jest jeszcze dostępna.', en: 'the invoice is not available yet; try again later' },
  21166: { pl: 'Korekta techniczna niedostępna.', en: 'a technical correction is not possible: the invoice already has one' },
  21167: { pl: 'Status faktury nie pozwala na korektę techniczną.', en: 'the invoice\'s status does not allow a technical correction' },
  21173: { pl: 'Brak sesji o wskazanym numerze referencyjnym.', en: 'no session with this reference number' },
  21175: { pl: 'Wynik zapytania o podanym identyfikatorze nie istnieje.', en: 'no export with this reference number' },
  21178: { pl: 'Nie znaleziono UPO dla podanych kryteriów.', en: 'no UPO found (yet) for these criteria' },
  21180: { pl: 'Status sesji nie pozwala na wykonanie operacji.', en: 'the session\'s state does not allow this (already closed, say)' },
  21181: { pl: 'Nieprawidłowe żądanie eksportu faktur.', en: 'invalid invoice export request for this subject and context' },
  21182: { pl: 'Osiągnięto limit trwających eksportów.', en: 'too many exports running at once' },
  21183: { pl: 'Zakres filtrowania wykracza poza dostępny zakres danych.', en: 'the date range goes beyond the data available' },
  21205: { pl: 'Pakiet nie może być pusty.', en: 'the batch package is empty: a declared part was not uploaded' },
  21208: { pl: 'Czas oczekiwania na requesty upload lub finish został przekroczony.', en: 'the batch upload or close came too late; the session was cancelled' },
  21217: { pl: 'Nieprawidłowe kodowanie znaków.', en: 'invalid character encoding' },
  21301: { pl: 'Brak autoryzacji.', en: 'not authorised: the token was already redeemed, is revoked, or its status forbids this' },
  21304: { pl: 'Brak uwierzytelnienia.', en: 'no such authentication operation' },
  21308: { pl: 'Próba wykorzystania metod autoryzacyjnych osoby zmarłej.', en: 'the credentials of a deceased person were used' },
  21401: { pl: 'Dokument nie jest zgodny ze schemą (xsd).', en: 'the document does not match its XML schema' },
  21402: { pl: 'Nieprawidłowy rozmiar pliku.', en: 'the declared file size does not match the content' },
  21403: { pl: 'Nieprawidłowy skrót pliku.', en: 'the declared file hash does not match the content' },
  21405: { pl: 'Błąd walidacji danych wejściowych.', en: 'the request failed KSeF\'s input validation; the details say which field' },
  21406: { pl: 'Konflikt podpisu i typu uwierzytelnienia.', en: 'the signature does not fit the authentication type' },
  21418: { pl: 'Przekazany token kontynuacji ma nieprawidłowy format.', en: 'invalid continuation token' },
  21470: { pl: 'Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.', en: 'the Ministry key used for encryption is unknown or withdrawn; fetch the current keys' },
  26001: { pl: 'Nie można nadać tokenowi uprawnień których nie posiadasz.', en: 'a token cannot get permissions its creator does not have' },
  26002: { pl: 'Nie można wygenerować tokena dla obecnego typu kontekstu.', en: 'tokens cannot be generated in this kind of context' },
};

const TABLES: Readonly<Record<KsefCodeKind, Readonly<Record<number, Entry>>>> = {
  'invoice-status': INVOICE_STATUS, 'session-status': SESSION_STATUS, 'auth-status': AUTH_STATUS, exception: EXCEPTION,
};

/** The English explanation of a KSeF code, or undefined when we do not know it. */
export function explainKsefCode(kind: KsefCodeKind, code: number): string | undefined {
  return TABLES[kind][code]?.en;
}

/** Every entry (for the docs and the test that keeps the Polish descriptions true to KSeF's API). */
export function ksefCodeTable(kind: KsefCodeKind): readonly { code: number; pl: string; en: string }[] {
  return Object.entries(TABLES[kind]).map(([code, e]) => ({ code: Number(code), ...e }));
}

/** KSeF's Polish text with the English explanation next to it: `Polish (in English: ...)`, or the Polish alone. */
export function withExplanation(kind: KsefCodeKind, code: number, polish: string): string {
  const en = explainKsefCode(kind, code);
  return en ? `${polish} (in English: ${en})` : polish;
}
