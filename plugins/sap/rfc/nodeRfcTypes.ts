/**
 * The part of node-rfc 3.3.1's published declarations (`lib/sapnwrfc*.d.ts`) the gateway uses, mirrored rather
 * than imported: node-rfc cannot be installed without SAP's NW RFC SDK (its install script builds against
 * `sapnwrfc.h`), so the project keeps it an optional peer and compiles without it. Names and signatures are
 * node-rfc's own; `NodeRfcModule` is what `import('node-rfc')` gives. `npm run typecheck:node-rfc` (run by CI)
 * compiles test/contract/node-rfc against node-rfc's published declarations to keep it so.
 */
export type RfcVariable = string | number | Buffer | Date | Uint8Array | Uint16Array | Uint32Array | { toString(): string };
export type RfcStructure = { [key: string]: RfcVariable | RfcStructure | RfcTable };
export type RfcTable = Array<RfcVariable | RfcStructure>;
export type RfcParameterValue = RfcVariable | Array<RfcVariable> | RfcStructure | RfcTable;
export type RfcObject = { [key: string]: RfcParameterValue };
export type RfcConnectionParameters = Partial<Record<string, string>>;

export interface RfcClientOptions {
  bcd?: string | ((value: string) => unknown);
  stateless?: boolean;
  /** Seconds; node-rfc cancels the call after it. */
  timeout?: number;
}

export interface RfcCallOptions {
  notRequested?: Array<string>;
  timeout?: number;
}

/** node-rfc's `Client` (sapnwrfc-client.d.ts), as far as used. */
export interface NodeRfcClient {
  readonly alive: boolean;
  call(rfmName: string, rfmParams: RfcObject, callOptions?: RfcCallOptions): Promise<RfcObject>;
  ping(callback?: (...args: unknown[]) => void): void | Promise<boolean>;
}

/** node-rfc's `Pool` (sapnwrfc-pool.d.ts), as far as used. */
export interface NodeRfcPool {
  acquire(arg1?: number): void | Promise<NodeRfcClient | NodeRfcClient[]>;
  release(client: NodeRfcClient | NodeRfcClient[]): void | Promise<unknown>;
  closeAll(): void | Promise<void>;
}

export interface NodeRfcModule {
  Pool: new (configuration: { connectionParameters: RfcConnectionParameters; clientOptions?: RfcClientOptions; poolOptions?: { low: number; high: number } }) => NodeRfcPool;
}

/** The error objects node-rfc rejects with: plain objects, not `Error` instances (src/cpp/nwrfcsdk.cc). */
export interface NodeRfcError {
  readonly name: 'RfcLibError' | 'ABAPError' | 'nodeRfcError';
  readonly group?: number;
  readonly code?: number;
  readonly codeString?: string;
  readonly key?: string;
  readonly message: string;
  readonly abapMsgClass?: string;
  readonly abapMsgType?: string;
  readonly abapMsgNumber?: string;
  readonly abapMsgV1?: string;
  readonly abapMsgV2?: string;
  readonly abapMsgV3?: string;
  readonly abapMsgV4?: string;
  readonly rfmPath?: string;
}
