/**
 * Compile-time contract: the part of node-rfc the gateway mirrors in plugins/sap/rfc/nodeRfcTypes.ts must be what
 * node-rfc 3.3.1 itself declares. Not part of the main type check (node-rfc cannot be installed without SAP's SDK);
 * `npm run typecheck:node-rfc` fetches the published package's declarations and compiles this file against them.
 */
import type * as NodeRfc from 'node-rfc';
import type { NodeRfcClient, NodeRfcModule, NodeRfcPool, RfcClientOptions, RfcObject } from '../../../plugins/sap/rfc/nodeRfcTypes.js';

type Assignable<To, From extends To> = From;

/** What `import('node-rfc')` gives can be used as our module type: `openNodeRfc` constructs its Pool. */
export type ModuleFits = Assignable<NodeRfcModule, typeof NodeRfc>;
/** node-rfc's Pool and Client have every member we call, with compatible signatures. */
export type PoolFits = Assignable<NodeRfcPool, NodeRfc.Pool>;
export type ClientFits = Assignable<NodeRfcClient, NodeRfc.Client>;
/** Our parameters are node-rfc's parameters, and node-rfc's results are ours (both directions of `call`). */
export type ParametersFit = Assignable<NodeRfc.RfcObject, RfcObject>;
export type ResultsFit = Assignable<RfcObject, NodeRfc.RfcObject>;
export type ClientOptionsFit = Assignable<NodeRfc.RfcClientOptions, RfcClientOptions>;
// node-rfc 3.3.1 publishes no declarations of its error objects; `NodeRfcError` follows its C++ source
// (src/cpp/nwrfcsdk.cc), and the fake SAP of the tests rejects with exactly those shapes.
