/** ESM + ts-jest (INVERSIFY.md §4a). Types are checked by `tsc` before Jest runs (`npm test`). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true, diagnostics: { ignoreCodes: [151002] } }],
  },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/support/buildOnce.js',
  testTimeout: 60000,
  // Two worker processes, never in band: Jest runs in band when it would use one worker (it takes cores - 1, which
  // is one on a two-core machine), and then every test file shares one process whose event loop collects what earlier
  // files left behind. Most tests wait on sockets, timers and fsync, so two workers also halve the wall time.
  maxWorkers: 2,
  // A test that leaves a handle open (a timer, a socket) must not keep CI waiting forever after every test passed.
  forceExit: true,
};
