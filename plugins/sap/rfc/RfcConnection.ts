import type { RfcObject } from './nodeRfcTypes.js';

/**
 * The gateway's own RFC port: promise-only and library-neutral, so node-rfc, a maintained fork or SAP's licensed
 * successor can sit behind it, and tests script an SAP system behind it.
 */
export interface RfcConnection {
  /** Calls a function module; rejects with an `RfcCallError`. */
  call(functionModule: string, parameters: RfcObject, options?: { readonly timeoutSec?: number }): Promise<RfcObject>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A failed RFC call, with node-rfc's classification kept: communication and logon failures are worth a retry later. */
export class RfcCallError extends Error {
  constructor(
    readonly functionModule: string,
    readonly kind: 'communication' | 'logon' | 'abap-exception' | 'abap-message' | 'parameter' | 'other',
    message: string,
    readonly key?: string,
    options?: { cause?: unknown },
  ) {
    super(`${functionModule}: ${message}`, options);
    this.name = 'RfcCallError';
  }

  get transient(): boolean {
    return this.kind === 'communication';
  }
}

/** node-rfc error object -> RfcCallError (groups from the NW RFC SDK: 1 ABAP exception, 2 ABAP message, 3 logon, 4 communication). */
export function toRfcCallError(functionModule: string, err: unknown): RfcCallError {
  if (err instanceof RfcCallError) return err;
  const e = (err ?? {}) as { name?: string; group?: number; key?: string; message?: string; abapMsgClass?: string; abapMsgNumber?: string; abapMsgV1?: string };
  const message = e.message ?? String(err);
  if (e.name === 'nodeRfcError') return new RfcCallError(functionModule, 'parameter', message, undefined, { cause: err });
  switch (e.group) {
    case 1: return new RfcCallError(functionModule, 'abap-exception', `ABAP exception ${e.key ?? ''}: ${message}`, e.key, { cause: err });
    case 2: return new RfcCallError(functionModule, 'abap-message', `${e.abapMsgClass ?? ''} ${e.abapMsgNumber ?? ''} ${message}`.trim(), e.key, { cause: err });
    case 3: return new RfcCallError(functionModule, 'logon', message, e.key, { cause: err });
    case 4: return new RfcCallError(functionModule, 'communication', message, e.key, { cause: err });
    default: return new RfcCallError(functionModule, 'other', message, e.key, { cause: err });
  }
}
