// The package test's installer scenarios (issue 17, SPEC §16.2): the tarballs as today's installers
// and Node lines leave them, each recording a correction and delivering it to a receiver on 127.0.0.1:
//  - npm 12 on Node 24, install scripts blocked (its default): better-sqlite3 is never built → node:sqlite,
//    for the SDK and for `gradata demo` (the ingest server opens its file through the same driver);
//  - pnpm 10 on Node 24 (its default blocks builds too), @gradata/* overridden to the tarballs, demo too;
//  - the same pnpm app on Node 22.13.1, the oldest supported line, whose node:sqlite lacks isOpen and
//    isTransaction and cuts text at U+0000;
//  - the Node 20 app of the main test (npm 11, addon built for Node 20) run on Node 24 → node:sqlite;
//  - Node 20 with --ignore-scripts: SQLITE_UNAVAILABLE naming the cause and the fix, and the fix works.
// Node 24, Node 22.13.1, npm 12 and pnpm 10 come from the tools cache outside the repository
// (scripts/ci/toolchain.js).
'use strict';
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./lib');
const { tool } = require('../ci/toolchain');

const REPO = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, 'app');
const KEY = 'package-test-key';
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=warn'];

/** The repository's own `gradata serve` (Node 20, the monorepo build) on a free loopback port. */
async function startReceiver() {
  const child = spawn(process.execPath, [path.join(REPO, 'packages', 'sdk', 'bin', 'gradata.js'), 'serve', '--port', '0', '--keys', KEY], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GRADATA_LOG_LEVEL: 'warn' },
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    child.once('exit', (code) => reject(new Error(`gradata serve exited ${code} before printing its URL`)));
  });
  return {
    url,
    ingestUrl: `${url}/api/v1/ingest`,
    async storedEventIds(brainId) {
      const reply = await fetch(`${url}/api/v1/brains/${brainId}/corrections`, { headers: { authorization: `Bearer ${KEY}` } });
      assert.equal(reply.status, 200);
      return (await reply.json()).corrections.map((c) => c.event_id);
    },
    stop() {
      child.kill('SIGTERM');
    },
  };
}

function freshApp(work, name, manifest = {}) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, ...manifest }, null, 2));
  return dir;
}

/** PATH with `nodeBin`'s folder first, so anything an installer spawns runs on that Node too. */
function envFor(nodeBin, extra = {}) {
  return { ...process.env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`, ...extra };
}

function addonBuilt(app) {
  return fs.existsSync(path.join(app, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
}

/**
 * Runs the deliver fixture and `gradata doctor --json` in `app` on `nodeBin`; checks that the
 * correction reached the receiver and that doctor names `driver`. Returns a one-line note.
 */
async function deliverFrom(app, nodeBin, receiver, driver, reason) {
  fs.copyFileSync(path.join(FIXTURES, 'deliver.cjs'), path.join(app, 'deliver.cjs'));
  const env = envFor(nodeBin, { GRADATA_API_KEY: KEY, GRADATA_CLOUD_INGEST_URL: receiver.ingestUrl, GRADATA_SQLITE_DRIVER: '' });
  const brain = path.join(app, 'brain');
  const out = run(nodeBin, ['deliver.cjs', brain], { cwd: app, env, timeoutMs: 2 * 60_000 });
  const report = JSON.parse(out.stdout);
  assert.deepEqual({ queued: report.queued, delivered: report.flushed.delivered, remaining: report.flushed.remaining }, { queued: true, delivered: 1, remaining: 0 });
  assert.ok((await receiver.storedEventIds(report.brainId)).includes(report.eventId), 'the receiver stored the correction');
  const cli = path.join(app, 'node_modules', '@gradata', 'sdk', 'bin', 'gradata.js');
  const doctor = JSON.parse(run(nodeBin, [cli, 'doctor', '--json', '--brain', brain], { cwd: app, env }).stdout);
  const check = doctor.checks.find((c) => c.name === 'sqlite-driver');
  assert.equal(check.data.driver, driver, JSON.stringify(check));
  assert.match(check.data.reason, reason);
  assert.equal(doctor.ok, true, JSON.stringify(doctor.checks.filter((c) => c.level === 'fail')));
  return `${report.node}, ${driver} (${check.data.reason.slice(0, 60)}…), delivered ${report.eventId}`;
}

/**
 * `gradata demo` in `app` on `nodeBin` with no driver forced: its in-process ingest server and its
 * brain both open SQLite through core's seam, so it delivers where the addon was never built.
 */
function demoFrom(app, nodeBin) {
  const cli = path.join(app, 'node_modules', '@gradata', 'sdk', 'bin', 'gradata.js');
  const out = run(nodeBin, [cli, 'demo', '--count', '3', '--json'], { cwd: app, env: envFor(nodeBin, { GRADATA_SQLITE_DRIVER: '' }), timeoutMs: 2 * 60_000 });
  const report = JSON.parse(out.stdout);
  assert.equal(report.allDelivered, true, out.stdout);
  return `gradata demo delivered ${report.rows.length} corrections`;
}

/** `step(name, async fn)` as run.js prints it. */
async function runInstallerScenarios({ work, tarballs, mainApp, step }) {
  const node24 = tool('node24');
  const npm12 = tool('npm12');
  const pnpm10 = tool('pnpm10');
  const receiver = await startReceiver();
  try {
    await step('npm 12 on Node 24, install scripts blocked: records and delivers through node:sqlite; gradata demo too', async () => {
      const app = freshApp(work, 'npm12-app');
      const packages = [tarballs.core, tarballs['sync-worker'], tarballs.sdk, tarballs['ingest-server']];
      const out = run(node24, [npm12, 'install', ...NPM_QUIET, ...packages], { cwd: app, env: envFor(node24) });
      assert.equal(addonBuilt(app), false, `npm 12 ran better-sqlite3's install script:\n${out.stderr}`);
      const npmVersion = run(node24, [npm12, '--version'], { cwd: app }).stdout.trim();
      return `npm ${npmVersion}: ${await deliverFrom(app, node24, receiver, 'node:sqlite', /never built/)}; ${demoFrom(app, node24)}`;
    });

    for (const [line, nodeBin] of [['24', node24], ['22.13.1', tool('node22.13')]]) {
      await step(`pnpm 10 on Node ${line} (builds blocked), @gradata/* overridden to the tarballs: delivers through node:sqlite; gradata demo too`, async () => {
        const overrides = { '@gradata/core': `file:${tarballs.core}`, '@gradata/sync-worker': `file:${tarballs['sync-worker']}` };
        const dependencies = { '@gradata/sdk': `file:${tarballs.sdk}`, '@gradata/ingest-server': `file:${tarballs['ingest-server']}` };
        const app = freshApp(work, `pnpm10-node${line}-app`, { dependencies, pnpm: { overrides } });
        const out = run(nodeBin, [pnpm10, 'install', '--reporter=append-only'], { cwd: app, env: envFor(nodeBin) });
        assert.equal(addonBuilt(app), false, `pnpm built better-sqlite3:\n${out.stdout}`);
        const pnpmVersion = run(nodeBin, [pnpm10, '--version'], { cwd: app }).stdout.trim();
        return `pnpm ${pnpmVersion}: ${await deliverFrom(app, nodeBin, receiver, 'node:sqlite', /never built/)}; ${demoFrom(app, nodeBin)}`;
      });
    }

    // The last two need this process on Node 20: an addon built for another ABI than 24's, and a Node
    // without node:sqlite. CI runs the package test on Node 20; elsewhere they are skipped, loudly.
    if (!process.version.startsWith('v20.')) {
      console.log(`SKIPPED the Node-upgrade and --ignore-scripts scenarios: they need the package test to run on Node 20 (this is ${process.version})`);
      return;
    }
    await step('the app installed on Node 20 (addon built for Node 20), run on Node 24: falls back to node:sqlite and delivers', async () => {
      assert.equal(addonBuilt(mainApp), true, 'the Node 20 app has its addon');
      return deliverFrom(mainApp, node24, receiver, 'node:sqlite', /built for another Node \(NODE_MODULE_VERSION 115; this Node v24\.\d+\.\d+ needs 137\)/);
    });

    await step('Node 20 with --ignore-scripts: SQLITE_UNAVAILABLE naming the cause and the fix; the fix works', async () => {
      const app = freshApp(work, 'ignore-scripts-app');
      const prebuilds = path.join(work, 'prebuilds');
      if (fs.existsSync(prebuilds)) fs.writeFileSync(path.join(app, '.prebuild-installrc'), JSON.stringify({ 'local-prebuilds': prebuilds }));
      run('npm', ['install', ...NPM_QUIET, '--ignore-scripts', tarballs.core, tarballs['sync-worker'], tarballs.sdk], { cwd: app });
      assert.equal(addonBuilt(app), false);
      fs.copyFileSync(path.join(FIXTURES, 'deliver.cjs'), path.join(app, 'deliver.cjs'));
      const env = { GRADATA_API_KEY: KEY, GRADATA_CLOUD_INGEST_URL: receiver.ingestUrl, GRADATA_SQLITE_DRIVER: '' };
      const failed = run(process.execPath, ['deliver.cjs', path.join(app, 'brain')], { cwd: app, env, expectCode: 1 });
      assert.match(failed.stderr, /^GradataStorageError \[SQLITE_UNAVAILABLE\]: no SQLite driver can be loaded: better-sqlite3's native addon was never built .*Node v20\.\d+\.\d+ has no node:sqlite.*Fix: npm approve-scripts better-sqlite3 && npm rebuild better-sqlite3/);
      const cli = path.join(app, 'node_modules', '@gradata', 'sdk', 'bin', 'gradata.js');
      const status = run(process.execPath, [cli, 'init', '--brain', path.join(app, 'brain')], { cwd: app, env, expectCode: 1 });
      assert.equal(status.stderr.trim().split('\n').length, 1, status.stderr);
      assert.match(status.stderr, /^error \[SQLITE_UNAVAILABLE\]: /);
      // The fix the message gives (npm 11 needs no approval): the addon builds and the same app delivers.
      run('npm', ['rebuild', 'better-sqlite3', '--loglevel=warn'], { cwd: app });
      const note = await deliverFrom(app, process.execPath, receiver, 'better-sqlite3', /its addon loads/);
      return `one line: ${status.stderr.trim().slice(0, 90)}…; after npm rebuild: ${note}`;
    });
  } finally {
    receiver.stop();
  }
}

module.exports = { runInstallerScenarios };
