/**
 * The local KSeF simulator as the command line reaches it: an adapter, so it is named here, beside the composition
 * root, and nowhere else in core/.
 */
export { startSimulator, type RunningSimulator, type FaultConfig, type SimulatorOptions } from '../../adapters/ksef-simulator/startSimulator.js';
export { createTokenOffline } from '../../adapters/ksef-simulator/createTokenOffline.js';
export { TOKEN_PERMISSIONS } from '../../adapters/ksef-simulator/auth/issueKsefToken.js';
