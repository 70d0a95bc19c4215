/** KSeF's `{ code, description, details }` status of sessions, invoices and operations (a namespace apart from HTTP codes). */
export interface StatusInfo {
  readonly code: number;
  readonly description: string;
  readonly details?: readonly string[] | null;
  readonly extensions?: Readonly<Record<string, string | null>> | null;
}
