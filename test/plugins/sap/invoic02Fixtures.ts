/** The example IDocs ship with the plugin (the benchmark uses them too); the tests use them under this name. */
export { exampleInvoic02 as invoic02, type FixtureKind, type FixtureOptions } from '../../../plugins/sap/examples/exampleInvoic02.js';
