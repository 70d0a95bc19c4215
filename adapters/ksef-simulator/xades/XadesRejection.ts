/** KSeF's HTTP-400 exception codes of `POST /auth/xades-signature` (PROTOCOL.md §4.4, §11). */
export const XADES_CODES = {
  9101: 'Nieprawidłowy dokument.',
  9102: 'Brak podpisu.',
  9103: 'Przekroczona liczba dozwolonych podpisów.',
  9105: 'Nieprawidłowy podpis.',
  21001: 'Nieczytelna treść.',
  21111: 'Nieprawidłowe wyzwanie autoryzacyjne.',
  21115: 'Nieprawidłowy certyfikat.',
  21117: 'Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu.',
  21217: 'Nieprawidłowe kodowanie znaków.',
  21401: 'Dokument nie jest zgodny ze schemą (xsd).',
} as const;

export type XadesCode = keyof typeof XADES_CODES;

/** Why the simulator refused a signed AuthTokenRequest; the route turns it into a 400 with this code. */
export class XadesRejection extends Error {
  readonly description: string;

  constructor(readonly code: XadesCode, readonly details: string) {
    super(`${code} ${XADES_CODES[code]} ${details}`);
    this.name = 'XadesRejection';
    this.description = XADES_CODES[code];
  }
}
