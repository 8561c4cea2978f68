#!/usr/bin/env node
/**
 * `npm run test:mutation [area…] [--list]`: runs StrykerJS once per mutation area (scripts/mutation-areas.js),
 * then prints the mutation score per file and every surviving mutant. Exits 1 when a file scores
 * under the target, so a weakened test shows up as a failure, not as a number nobody reads.
 * `--list` only prints each area's files and the tests chosen for them.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const areas = require('./mutation-areas.js');

const TARGET = 85;
const root = path.resolve(__dirname, '..');
const listOnly = process.argv.includes('--list');
const wanted = process.argv.slice(2).filter((arg) => arg !== '--list');
for (const name of wanted) if (!areas[name]) throw new Error(`unknown area "${name}"; one of ${Object.keys(areas).join(', ')}`);
const chosen = wanted.length > 0 ? wanted : Object.keys(areas);
if (listOnly) {
  // What each area mutates and which tests it runs against them (computed: scripts/mutation-tests.js).
  for (const area of chosen) console.log(`${area}\n  mutates: ${areas[area].mutate.join(', ')}\n  tests:   ${areas[area].tests.join('\n           ')}`);
  process.exit(0);
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const rows = [];
const survivors = [];
for (const area of chosen) {
  const started = Date.now();
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', 'stryker.config.mjs'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GRADATA_MUTATION_AREA: area },
  });
  if (run.status !== 0) {
    console.error(`stryker failed for area "${area}" (exit ${run.status})`);
    process.exit(run.status ?? 1);
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const report = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'mutation', `${area}.json`), 'utf8'));
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
    const undetected = mutants.filter((m) => UNDETECTED.has(m.status));
    const valid = detected + undetected.length;
    rows.push({ area, minutes, file, mutants: valid, detected, survived: undetected.length, score: valid === 0 ? 100 : (100 * detected) / valid });
    for (const m of undetected) survivors.push(`${file}:${m.location.start.line} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')}`);
  }
}

console.log('\nMutation score per file (killed + timed out) / (all but compile errors and ignored):');
console.log(['area (min)', 'file', 'mutants', 'killed', 'survived', 'score'].join(' | '));
for (const r of rows) console.log([`${r.area} (${r.minutes})`, r.file, r.mutants, r.detected, r.survived, `${r.score.toFixed(1)} %`].join(' | '));
if (survivors.length > 0) {
  console.log('\nSurviving mutants (kill them with a test, or list them in README.md, Testing, as equivalent):');
  for (const line of survivors) console.log(`  ${line}`);
}
const below = rows.filter((r) => r.score < TARGET);
if (below.length > 0) {
  console.log(`\n${below.length} file(s) under the ${TARGET} % target.`);
  process.exitCode = 1;
}
