/**
 * What `npm run test:mutation` mutates, area by area, and the unit tests that must kill the
 * mutants. Each area is its own Stryker run, so a mutant that runs "every test" (a static one, in a
 * module-level constant such as a redaction regex) runs only its area's test files.
 *
 * An area's tests are every unit test whose imports reach one of its files (scripts/mutation-tests.js),
 * plus `alsoTests`: tests that reach the code only through a package's public entry (Brain.correct
 * redacting, say). Left out everywhere: the linear-time tests, which time rules over 80,000-character
 * inputs (a minute a run) and decide nothing about what the code returns.
 */
const { relatedUnitTests } = require('./mutation-tests.js');

const EXCLUDED = ['linear-time'];

const areas = {
  policy: {
    mutate: [
      'packages/sync-worker/src/policy.ts',
      'packages/sync-worker/src/worker/pause.ts',
      'packages/sync-worker/src/main/crash-window.ts',
      'packages/sync-worker/src/main/supervisor.ts',
    ],
    alsoTests: [],
  },
  batch: {
    // The batch planner, the item-result mapping and what a batch reply's status means.
    mutate: ['packages/sync-worker/src/sender/batch-sender.ts:40-108'],
    alsoTests: [],
  },
  queue: {
    mutate: ['packages/core/src/queue/lease.ts', 'packages/core/src/queue/outbox.ts', 'packages/core/src/queue/maintenance.ts'],
    alsoTests: [],
  },
  redaction: {
    mutate: [
      'packages/core/src/redaction/rules.ts', 'packages/core/src/redaction/luhn.ts', 'packages/core/src/redaction/iban.ts',
      'packages/core/src/redaction/gate.ts', 'packages/core/src/redaction/assignments.ts', 'packages/core/src/redaction/credentials.ts',
      'packages/core/src/redaction/pii.ts', 'packages/core/src/redaction/vendor-tokens.ts', 'packages/core/src/analysis/severity.ts',
    ],
    alsoTests: ['packages/core/test/unit/redaction-at-rest.test.ts', 'packages/core/test/unit/redaction-at-rest-edits.test.ts'],
  },
};

for (const area of Object.values(areas)) {
  area.tests = [...new Set([...relatedUnitTests(area.mutate, EXCLUDED), ...area.alsoTests])];
}

module.exports = areas;
