/**
 * Jest as StrykerJS runs it (`npm run test:mutation`): only the unit tests of the mutation area
 * (scripts/mutation-areas.js, picked by GRADATA_MUTATION_AREA), no globalSetup build (no test here
 * starts a worker thread), and ts-jest transpiling only, since mutants are not meant to type-check.
 */
const base = require('./jest.config');
const areas = require('./scripts/mutation-areas.js');

const area = areas[process.env.GRADATA_MUTATION_AREA ?? 'policy'];

module.exports = {
  ...base,
  globalSetup: undefined,
  testMatch: area.tests.map((glob) => `<rootDir>/${glob}`),
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', isolatedModules: true }],
  },
};
