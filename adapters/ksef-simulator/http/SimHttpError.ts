/** An HTTP error answer of the simulator; rendered per PROTOCOL.md §2.4 by `renderError`. */
export type SimErrorKind =
  | { status: 400; code: number; description: string; details?: string[] }
  | { status: 401; detail: string }
  | { status: 403; detail: string; reasonCode: string; security?: Record<string, unknown> }
  | { status: 404 | 405 | 410 | 413 | 415; detail: string }
  | { status: 429; detail: string; retryAfterSeconds: number }
  | { status: 500 | 503; detail: string };

export class SimHttpError extends Error {
  constructor(readonly answer: SimErrorKind) {
    super('detail' in answer ? answer.detail : answer.description);
  }

  static badRequest(code: number, description: string, details?: string[]): SimHttpError {
    return new SimHttpError({ status: 400, code, description, details });
  }

  /** 21405: the generic input validation error any endpoint may answer. */
  static invalid(detail: string): SimHttpError {
    return SimHttpError.badRequest(21405, 'Błąd walidacji danych wejściowych.', [detail]);
  }

  static unauthorized(detail: string): SimHttpError {
    return new SimHttpError({ status: 401, detail });
  }

  static missingPermissions(required: readonly string[], present: readonly string[]): SimHttpError {
    return new SimHttpError({
      status: 403,
      detail: `Brak wymaganych uprawnień. Wymagane jedno z uprawnień: ${required.join(', ')}.`,
      reasonCode: 'missing-permissions',
      security: { requiredAnyOfPermissions: [...required], presentPermissions: [...present] },
    });
  }

  static sessionNotFound(ref: string): SimHttpError {
    return SimHttpError.badRequest(21173, 'Brak sesji o wskazanym numerze referencyjnym.',
      [`Sesja o numerze referencyjnym ${ref} nie została znaleziona.`]);
  }
}
