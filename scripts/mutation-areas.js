/**
 * What `npm run test:mutation` mutates, area by area, and the unit tests that must kill the
 * mutants. Each area is its own Stryker run, so a mutant that runs "every test" (a static one, in a
 * module-level constant such as a redaction regex) runs only its area's few test files.
 */
module.exports = {
  policy: {
    mutate: [
      'packages/sync-worker/src/policy.ts',
      'packages/sync-worker/src/worker/pause.ts',
      'packages/sync-worker/src/main/crash-window.ts',
      'packages/sync-worker/src/main/supervisor.ts:7-10', // restartDelayMs only: the class is covered by integration tests
    ],
    tests: [
      'packages/sync-worker/test/unit/policy*.test.ts',
      'packages/sync-worker/test/unit/pause-*.test.ts',
      'packages/sync-worker/test/unit/main-helpers.test.ts',
    ],
  },
  batch: {
    // The batch planner, the item-result mapping and what a batch reply's status means.
    mutate: ['packages/sync-worker/src/sender/batch-sender.ts:40-108'],
    tests: ['packages/sync-worker/test/unit/batch-plan.test.ts'],
  },
  queue: {
    mutate: ['packages/core/src/queue/lease.ts', 'packages/core/src/queue/outbox.ts', 'packages/core/src/queue/maintenance.ts'],
    tests: ['packages/core/test/unit/lease*.test.ts', 'packages/core/test/unit/queue-*.test.ts'],
  },
  redaction: {
    mutate: [
      'packages/core/src/redaction/rules.ts', 'packages/core/src/redaction/luhn.ts', 'packages/core/src/redaction/iban.ts',
      'packages/core/src/redaction/gate.ts', 'packages/core/src/redaction/assignments.ts', 'packages/core/src/redaction/credentials.ts',
      'packages/core/src/redaction/pii.ts', 'packages/core/src/redaction/vendor-tokens.ts', 'packages/core/src/analysis/severity.ts',
    ],
    // Not redaction-linear-time: it times each rule over 80,000-character inputs (a minute a run);
    // the behaviour tests decide what each rule matches.
    tests: [
      'packages/core/test/unit/redaction.test.ts', 'packages/core/test/unit/redaction-boundaries.test.ts', 'packages/core/test/unit/redaction-at-rest.test.ts',
      'packages/core/test/unit/redaction-issue-samples.test.ts', 'packages/core/test/unit/redaction-corpus.test.ts', 'packages/core/test/unit/severity*.test.ts',
    ],
  },
};
