/** Tests run TypeScript sources through ts-jest; worker threads and piscina tasks run from dist,
 *  which globalSetup builds first (TOOLCHAIN.md: jest cannot transform code inside a Worker). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages'],
  testMatch: ['**/test/**/*.test.ts'],
  globalSetup: '<rootDir>/jest.global-setup.js',
  moduleNameMapper: {
    '^@gradata/core/delivery-thread$': '<rootDir>/packages/core/src/delivery-thread.ts',
    '^@gradata/([a-z-]+)$': '<rootDir>/packages/$1/src',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
