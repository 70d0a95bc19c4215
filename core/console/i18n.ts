export type Lang = 'pl' | 'en';
export const LANGS: readonly Lang[] = ['pl', 'en'];

/** Every text the console shows, in Polish and English; a key missing in one language is a compile error. */
const TEXTS = {
  title: ['Konsola ksef-gateway', 'ksef-gateway console'],
  overview: ['Przegląd', 'Overview'],
  documents: ['Dokumenty', 'Documents'],
  failures: ['Odrzucenia i błędy', 'Rejections and invalid'],
  credentials: ['Poświadczenia', 'Credentials'],
  audit: ['Dziennik operacji', 'Audit log'],
  signIn: ['Zaloguj', 'Sign in'],
  signOut: ['Wyloguj', 'Sign out'],
  username: ['Użytkownik', 'User name'],
  password: ['Hasło', 'Password'],
  signInFailed: ['Logowanie odrzucone: zły użytkownik lub hasło, albo konto zablokowane po zbyt wielu próbach.',
    'Sign-in refused: wrong user name or password, or the account is locked after too many attempts.'],
  context: ['Kontekst (NIP)', 'Context (NIP)'],
  company: ['Firma', 'Company'],
  method: ['Metoda', 'Method'],
  expiry: ['Ważność', 'Expiry'],
  daysLeft: ['dni', 'days left'],
  noExpiry: ['bez terminu', 'no expiry recorded'],
  lastAuth: ['Ostatnie uwierzytelnienie', 'Last authentication'],
  lastSend: ['Ostatnia przyjęta faktura', 'Last accepted invoice'],
  status: ['Stan', 'Status'],
  paused: ['WSTRZYMANY', 'PAUSED'],
  active: ['aktywny', 'active'],
  since: ['od', 'since'],
  oldestWaiting: ['Najstarszy oczekujący', 'Oldest waiting'],
  none: ['brak', 'none'],
  notRecorded: ['nie zarejestrowano', 'not recorded'],
  byState: ['Dokumenty według stanu', 'Documents by state'],
  rateRoom: ['Zapas limitu wysyłki', 'Rate-limit room (sends)'],
  noLimit: ['bez limitu (symulator)', 'no limit (limiter off)'],
  ksefReach: ['Dostępność KSeF', 'KSeF reachability'],
  reachable: ['osiągalny', 'reachable'],
  unreachable: ['nieosiągalny', 'unreachable'],
  unknown: ['nieznany', 'unknown'],
  erpId: ['Id w ERP', 'ERP id'],
  invoiceNumber: ['Numer faktury', 'Invoice number'],
  ksefNumber: ['Numer KSeF', 'KSeF number'],
  state: ['Stan', 'State'],
  any: ['dowolny', 'any'],
  from: ['Od', 'From'],
  to: ['Do', 'To'],
  search: ['Szukaj', 'Search'],
  created: ['Przyjęty', 'Received'],
  updated: ['Zmieniony', 'Updated'],
  errors: ['Błędy', 'Errors'],
  next: ['Następne', 'Next'],
  noDocuments: ['Brak dokumentów.', 'No documents.'],
  history: ['Historia', 'History'],
  instance: ['Instancja', 'Instance'],
  at: ['Czas', 'Time'],
  code: ['Kod', 'Code'],
  message: ['Opis', 'Message'],
  location: ['Miejsce', 'Location'],
  invoice: ['Faktura', 'Invoice'],
  xml: ['XML', 'XML'],
  upo: ['UPO', 'UPO'],
  noUpo: ['Brak UPO (dokument nie został przyjęty przez KSeF).', 'No UPO (the document was not accepted by KSeF).'],
  download: ['Pobierz', 'Download'],
  actions: ['Działania', 'Actions'],
  retry: ['Ponów doręczenie', 'Retry delivery'],
  retried: ['Doręczenie zaplanowane ponownie.', 'Delivery scheduled again.'],
  resubmit: ['Wyślij poprawioną kopię', 'Resubmit a corrected copy'],
  resubmitted: ['Poprawiona kopia przyjęta jako', 'Corrected copy taken as'],
  count: ['Liczba', 'Count'],
  lastSeen: ['Ostatnio', 'Last seen'],
  example: ['Przykład', 'Example'],
  checkNow: ['Sprawdź teraz', 'Check now'],
  revoke: ['Unieważnij', 'Revoke'],
  revokeConfirm: ['Unieważnić poświadczenie? Wysyłka dla kontekstu zostanie wstrzymana.', 'Revoke the credential? Sending for the context pauses.'],
  tokenAddCli: ['Nowy token: ksef-gateway token add --nip NIP w wierszu poleceń, albo wklejony raz w formularzu (operator); konsola nigdy go nie pokazuje.',
    'A new token: ksef-gateway token add --nip NIP on the command line, or pasted once into the form (operators); the console never shows it.'],
  addToken: ['Dodaj token KSeF', 'Add a KSeF token'],
  tokenValue: ['Token KSeF (wklej; nie zostanie pokazany ponownie)', 'KSeF token (paste it; it is never shown again)'],
  validUntil: ['Ważny do (opcjonalnie, RRRR-MM-DD; KSeF tego nie podaje)', 'Valid until (optional, YYYY-MM-DD; KSeF does not say)'],
  tokenAddHelp: ['Token jest najpierw sprawdzany w KSeF (uwierzytelnienie), jak w token add: odrzucony nie zostaje zapisany. Zapisany jest zaszyfrowany w sejfie; wstrzymany kontekst wznawia wysyłkę.',
    'KSeF checks the token first (an authentication), as token add does: a refused token is not stored. It is stored encrypted in the vault; a paused context resumes sending.'],
  store: ['Zapisz token', 'Store the token'],
  tokenStored: ['Token zapisany', 'Token stored'],
  purchaseSync: ['Pobieranie zakupów', 'Purchase sync'],
  lastSync: ['ostatnio', 'last run'],
  hwm: ['znacznik', 'high-water mark'],
  behind: ['OPÓŹNIONE', 'BEHIND'],
  upToDate: ['na bieżąco', 'up to date'],
  neverSynced: ['jeszcze nie uruchomione', 'not run yet'],
  off: ['wyłączone', 'off'],
  permissions: ['Uprawnienia', 'Permissions'],
  who: ['Kto', 'Who'],
  what: ['Co', 'What'],
  target: ['Obiekt', 'Target'],
  result: ['Wynik', 'Result'],
  forbidden: ['Brak uprawnień: ta czynność wymaga roli operator.', 'Not allowed: this action needs the operator role.'],
  csrf: ['Formularz wygasł lub nie pochodzi z konsoli. Odśwież stronę i spróbuj ponownie.', 'The form expired or did not come from the console. Reload the page and try again.'],
  notFound: ['Nie znaleziono.', 'Not found.'],
  badInput: ['Niepoprawne dane', 'Invalid input'],
  seller: ['Sprzedawca', 'Seller'],
  buyer: ['Nabywca', 'Buyer'],
  issueDate: ['Data wystawienia', 'Issue date'],
  lines: ['Pozycje', 'Lines'],
  name: ['Nazwa', 'Name'],
  quantity: ['Ilość', 'Quantity'],
  unitPrice: ['Cena netto', 'Unit net price'],
  net: ['Netto', 'Net'],
  rate: ['Stawka', 'Rate'],
  total: ['Do zapłaty', 'Total due'],
  currency: ['Waluta', 'Currency'],
  unreadable: ['Nie można odczytać faktury', 'The invoice cannot be read'],
  source: ['Źródło', 'Source'],
  ok: ['udane', 'ok'],
  role: ['Rola', 'Role'],
  signInWith: ['Zaloguj przez', 'Sign in with'],
  oidcDown: ['Dostawca tożsamości nie odpowiada; spróbuj później albo zaloguj się kontem lokalnym.', 'The identity provider does not answer; try later or sign in with a local account.'],
  oidcRefused: ['Logowanie odrzucone: dostawca tożsamości nie potwierdził użytkownika albo użytkownik nie należy do grupy z dostępem do konsoli.', 'Sign-in refused: the identity provider did not vouch for the user, or the user is in no group that may use the console.'],
  continue: ['Dalej', 'Continue'],
} as const satisfies Record<string, readonly [string, string]>;

export type TextKey = keyof typeof TEXTS;
export type Translate = (key: TextKey) => string;

export function translator(lang: Lang): Translate {
  const i = lang === 'pl' ? 0 : 1;
  return (key) => TEXTS[key][i];
}

/** The cookie's choice, else the first supported language of Accept-Language, else the configured default. */
export function pickLang(cookie: string | undefined, acceptLanguage: string | undefined, fallback: Lang): Lang {
  if (cookie === 'pl' || cookie === 'en') return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'pl' || tag === 'en') return tag;
  }
  return fallback;
}

/** Document states in the operator's words. */
export const STATE_NAMES: Record<string, readonly [string, string]> = {
  received: ['przyjęty', 'received'], invalid: ['błędny', 'invalid'], queued: ['w kolejce', 'queued'],
  sending: ['wysyłany', 'sending'], sent: ['wysłany', 'sent'], accepted: ['przyjęty przez KSeF', 'accepted'],
  rejected: ['odrzucony', 'rejected'], delivered: ['doręczony do ERP', 'delivered'],
};
export function stateName(lang: Lang, state: string): string {
  return STATE_NAMES[state]?.[lang === 'pl' ? 0 : 1] ?? state;
}
