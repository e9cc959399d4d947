/**
 * ESM Jest: run through `node --experimental-vm-modules` (see package.json `test`).
 * Two projects: `unit` needs no service; `integration` runs on Postgres and Redis, which its global
 * setup finds or provides (test/integration/support/test-services.ts) — Jest runs a project's
 * global setup only when at least one of its tests is selected, so `npm run test:unit` starts nothing.
 */
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } },
    ],
  },
};

export default {
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      // The browser journeys (test/e2e) run on the same services.
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/support/test-services.ts',
      globalTeardown: '<rootDir>/test/integration/support/global-teardown.ts',
    },
  ],
};
