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
  testTimeout: 60000,
  // A test that leaves a handle open (a timer, a socket) must not keep CI waiting forever after every test passed.
  forceExit: true,
};
