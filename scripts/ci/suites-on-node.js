#!/usr/bin/env node
// Runs jest suites on another Node line with each SQLite driver forced through
// GRADATA_SQLITE_DRIVER (issue 17): `node scripts/ci/suites-on-node.js 24 packages/core packages/sdk`.
// The Node binary comes from the tools cache (scripts/ci/toolchain.js); better-sqlite3's addon for
// it is built outside the repository and swapped in only for the run (scripts/ci/addon.js).
// Exits non-zero when any run fails, after running them all.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { withAddonFor } = require('./addon');
const { tool } = require('./toolchain');

const REPO = path.resolve(__dirname, '..', '..');
const DRIVERS = (process.env.GRADATA_CI_DRIVERS || 'better-sqlite3,node:sqlite').split(',');

const [line, ...suites] = process.argv.slice(2);
if (!/^\d+(\.\d+)?$/.test(line ?? '') || suites.length === 0) {
  console.error('usage: suites-on-node.js <22|22.13|24|26> <jest path>...');
  process.exit(2);
}
const node = tool(`node${line}`);
const jest = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');

const failed = withAddonFor(node, () =>
  DRIVERS.filter((driver) => {
    console.log(`\n=== Node ${line} (${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}), GRADATA_SQLITE_DRIVER=${driver}: ${suites.join(' ')}`);
    const started = Date.now();
    const run = spawnSync(node, [jest, ...suites], { cwd: REPO, stdio: 'inherit', env: { ...process.env, GRADATA_SQLITE_DRIVER: driver } });
    console.log(`=== ${run.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return run.status !== 0;
  }),
);
if (failed.length > 0) {
  console.error(`failed on Node ${line} with: ${failed.join(', ')}`);
  process.exit(1);
}
