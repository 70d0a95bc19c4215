import type { NodeRfcError, RfcObject } from '../../../../plugins/sap/rfc/nodeRfcTypes.js';
import { toRfcCallError, type RfcConnection } from '../../../../plugins/sap/rfc/RfcConnection.js';

type Handler = (params: RfcObject) => RfcObject | Promise<RfcObject>;

/** node-rfc's error shapes: plain objects, as the SDK binding rejects with. */
export const rfcLibError = (key: string, message: string, group = 4, code = 1): NodeRfcError => ({ name: 'RfcLibError', group, code, codeString: key, key, message });
export const abapError = (key: string, message: string, group = 1): NodeRfcError => ({ name: 'ABAPError', group, code: group === 1 ? 5 : 4, codeString: group === 1 ? 'RFC_ABAP_EXCEPTION' : 'RFC_ABAP_MESSAGE', key, message });

/**
 * An SAP system behind the gateway's RFC port, scripted per function module; failures are thrown in node-rfc's own
 * shapes (and normalised as the real wrapper does), a dropped connection by a communication failure.
 */
export class FakeRfcSap implements RfcConnection {
  readonly calls: { fm: string; params: RfcObject }[] = [];
  /** Errors thrown by the next calls of a function module, in order. */
  readonly failures = new Map<string, NodeRfcError[]>();
  closed = false;
  private readonly handlers = new Map<string, Handler>();

  on(fm: string, handler: Handler): this {
    this.handlers.set(fm, handler);
    return this;
  }

  async call(fm: string, params: RfcObject): Promise<RfcObject> {
    this.calls.push({ fm, params });
    const failure = this.failures.get(fm)?.shift();
    if (failure) throw toRfcCallError(fm, failure);
    const handler = this.handlers.get(fm);
    if (!handler) throw toRfcCallError(fm, abapError('FU_NOT_FOUND', `Function module "${fm}" not found`, 2));
    return handler(params);
  }

  async ping(): Promise<boolean> {
    await this.call('RFC_PING', {});
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  callsOf(fm: string): RfcObject[] {
    return this.calls.filter((c) => c.fm === fm).map((c) => c.params);
  }
}
