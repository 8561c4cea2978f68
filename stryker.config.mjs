// StrykerJS configuration for one mutation area (scripts/mutation-areas.js), chosen by
// GRADATA_MUTATION_AREA; `npm run test:mutation` (scripts/mutation.js) runs every area in turn.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const areas = require('./scripts/mutation-areas.js');
const area = process.env.GRADATA_MUTATION_AREA ?? 'policy';
if (!areas[area]) throw new Error(`unknown mutation area "${area}"; one of ${Object.keys(areas).join(', ')}`);

export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  mutate: areas[area].mutate,
  ignorePatterns: ['**/dist/**', 'bench', 'reports', '**/*.tsbuildinfo', 'coverage'],
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  clearTextReporter: { allowColor: false, logTests: false },
  jsonReporter: { fileName: `reports/mutation/${area}.json` },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
