#!/usr/bin/env node
// `npm run test:package`: what a user gets from `npm install @gradata/sdk` (SPEC §16, §9, §14.7).
// Packs the four packages, installs the tarballs into a fresh app in the OS temp folder (outside
// the repository, so neither jest nor the workspaces see it) and checks there: the tarballs'
// contents, CommonJS, ESM, the user's strict TypeScript, the CLI, that requiring the SDK loads no
// HTTP framework, that a brain whose delivery fails writes nothing to stdout, and `gradata demo`
// once the optional @gradata/ingest-server is added. Then the installer scenarios (installers.js):
// npm 12 and pnpm 10 on Node 24 with install scripts blocked, pnpm 10 on Node 22.13.1, the Node 20
// app run on Node 24, and Node 20 with --ignore-scripts. Needs nothing but the npm registry (Node 24,
// Node 22.13.1, npm 12 and pnpm 10 are fetched into a cache outside the repository by
// scripts/ci/toolchain.js).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { run, tarballFiles, packLocalPrebuild, countPackages, diskMb, median } = require('./lib');
const { runInstallerScenarios } = require('./installers');

const REPO = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, 'app');
const PACKAGES = ['core', 'sync-worker', 'sdk', 'ingest-server'];
const ROOT_DEV = require(path.join(REPO, 'package.json')).devDependencies;
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=warn'];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-package-test-'));
const app = path.join(work, 'app');
const figures = {};
let passed = false;
process.on('exit', () => {
  if (!passed) console.error(`package test failed: its app and tarballs are left in ${work}`);
});

/** Runtime dependencies pinned exactly on purpose; every other one must use a caret range (SPEC §16). */
const EXACT_PINS = {
  // The analysis drives pako's internal deflate stream API and needs CPython-identical output lengths;
  // 2.2 changes the default hash, so even a minor update could change severities.
  pako: 'CPython-identical zlib output for the Python SDK\'s severity',
};

function step(name, fn) {
  const started = Date.now();
  const note = fn();
  console.log(`ok  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${note ? `: ${note}` : ''}`);
}

async function asyncStep(name, fn) {
  const started = Date.now();
  const note = await fn();
  console.log(`ok  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${note ? `: ${note}` : ''}`);
}

/** Runs a fixture from inside the app: a copy in the repository would resolve the workspace packages instead. */
function node(fixture, options = {}) {
  fs.copyFileSync(path.join(FIXTURES, fixture), path.join(app, fixture));
  return run(process.execPath, [fixture], { cwd: app, timeoutMs: 2 * 60_000, ...options });
}

const tarballs = {};
step('npm pack the four packages (prepack builds them)', () => {
  const out = run('npm', ['pack', ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`]), '--pack-destination', work, '--json', '--loglevel=warn'], { cwd: REPO });
  for (const packed of JSON.parse(out.stdout)) tarballs[packed.name.replace('@gradata/', '')] = path.join(work, packed.filename);
  assert.deepEqual(Object.keys(tarballs).sort(), [...PACKAGES].sort());
});

step('each tarball holds dist, .d.ts, README, LICENSE; source maps carry their sources', () => {
  const unpacked = path.join(work, 'unpacked');
  for (const [name, tarball] of Object.entries(tarballs)) {
    const files = tarballFiles(tarball);
    for (const wanted of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
      assert.ok(files.includes(wanted), `${name} tarball lacks ${wanted}`);
    }
    // The worker thread loads got from the bundle prepack builds, and core's thread entry by its root file.
    const alsoWanted = { 'sync-worker': ['dist/vendor/got.cjs', 'dist/vendor/got.cjs.LICENSES.txt'], core: ['delivery-thread.js', 'delivery-thread.d.ts'] }[name] ?? [];
    for (const wanted of alsoWanted) assert.ok(files.includes(wanted), `${name} tarball lacks ${wanted}`);
    assert.deepEqual(files.filter((f) => f.endsWith('.d.ts.map') || f.endsWith('.ts') && !f.endsWith('.d.ts')), [], `${name} ships declaration maps or sources`);
    const dir = path.join(unpacked, name);
    fs.mkdirSync(dir, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', dir]);
    for (const map of files.filter((f) => f.endsWith('.js.map'))) {
      const parsed = JSON.parse(fs.readFileSync(path.join(dir, 'package', map), 'utf8'));
      assert.ok(parsed.sourcesContent?.every((s) => typeof s === 'string' && s.length > 0), `${name}/${map} has no sourcesContent`);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package', 'package.json'), 'utf8'));
    assert.equal(manifest.publishConfig?.access, 'public', `${name} publishes public`);
    for (const [dep, range] of Object.entries({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      if (EXACT_PINS[dep]) assert.match(range, /^\d+\.\d+\.\d+$/, `${name}: ${dep} is pinned exactly (${EXACT_PINS[dep]})`);
      else assert.match(range, /^\^/, `${name}: ${dep} uses a caret range`);
    }
  }
  return Object.entries(tarballs).map(([name, t]) => `${name} ${tarballFiles(t).length} files`).join(', ');
});

step('install the sdk tarballs into a fresh app (better-sqlite3 from the monorepo build when it matches)', () => {
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true }, null, 2));
  const prebuilds = packLocalPrebuild(REPO, work);
  if (prebuilds) fs.writeFileSync(path.join(app, '.prebuild-installrc'), JSON.stringify({ 'local-prebuilds': prebuilds }));
  const out = run('npm', ['install', ...NPM_QUIET, tarballs.core, tarballs['sync-worker'], tarballs.sdk], { cwd: app });
  assert.doesNotMatch(out.stderr, /EBADENGINE/, `engines disagree:\n${out.stderr}`);
  const compiled = fs.existsSync(path.join(app, 'node_modules', 'better-sqlite3', 'build', 'Release', 'obj.target'));
  figures.installSeconds = out.ms / 1000;
  figures.packages = countPackages(path.join(app, 'node_modules'));
  figures.nodeModulesMb = diskMb(path.join(app, 'node_modules'));
  assert.equal(fs.existsSync(path.join(app, 'node_modules', '@gradata', 'ingest-server')), false, 'the optional peer is not installed');
  assert.equal(fs.existsSync(path.join(app, 'node_modules', 'fastify')), false, 'no HTTP framework installed');
  return `${figures.packages} packages, ${figures.nodeModulesMb} MB, better-sqlite3 ${compiled ? 'compiled from source' : 'from the local prebuild'}`;
});

step('require() from CommonJS', () => node('commonjs.cjs').stdout.trim());
step('import from ESM', () => node('esm.mjs').stdout.trim());

step('require(\'@gradata/sdk\') loads no HTTP framework (5 cold processes)', () => {
  const runs = Array.from({ length: 5 }, () => JSON.parse(node('no-http-framework.cjs').stdout));
  figures.requireMs = median(runs.map((r) => r.requireMs));
  figures.requireCpuMs = median(runs.map((r) => r.cpuMs));
  figures.modules = runs[0].modules;
  return `${figures.modules} modules, median ${figures.requireMs} ms wall, ${figures.requireCpuMs} ms CPU (not asserted: shared machine)`;
});

step('a brain whose delivery fails writes nothing to stdout', () => {
  const out = node('quiet-stdout.cjs', { env: { GRADATA_LOG_LEVEL: 'debug', GRADATA_SYNC_TICK_SEC: 'abc' } });
  assert.equal(out.stdout, '', `stdout must stay empty, got:\n${out.stdout}`);
  const lines = out.stderr.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  assert.ok(lines.some((l) => /GRADATA_SYNC_TICK_SEC/.test(l.msg)), 'the main thread logged its config warning to stderr');
  assert.ok(lines.some((l) => l.component === 'sync-worker'), 'lines forwarded from the worker reached stderr');
  return `${lines.length} log lines on stderr, 0 bytes on stdout`;
});

step('the user\'s tsc --strict --module nodenext (no skipLibCheck) accepts the public types, .ts and .mts', () => {
  run('npm', ['install', ...NPM_QUIET, '--save-dev', `typescript@${ROOT_DEV.typescript}`, `@types/node@${ROOT_DEV['@types/node']}`], { cwd: app });
  fs.copyFileSync(path.join(FIXTURES, 'public-types.ts'), path.join(app, 'public-types.ts'));
  fs.copyFileSync(path.join(FIXTURES, 'public-types.ts'), path.join(app, 'public-types.mts'));
  const tsc = path.join(app, 'node_modules', 'typescript', 'bin', 'tsc');
  run(process.execPath, [tsc, '--strict', '--module', 'nodenext', '--noEmit', 'public-types.ts', 'public-types.mts'], { cwd: app });
});

step('... and rejects a wrong use of the Database type', () => {
  fs.copyFileSync(path.join(FIXTURES, 'type-error.ts'), path.join(app, 'type-error.ts'));
  const tsc = path.join(app, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = run(process.execPath, [tsc, '--strict', '--module', 'nodenext', '--noEmit', 'type-error.ts'], { cwd: app, expectCode: 2 });
  assert.match(out.stdout, /type-error\.ts\(4,\d+\): error TS2339: Property 'totally' does not exist/);
  assert.equal(out.stdout.trim().split('\n').length, 1, `exactly the deliberate error:\n${out.stdout}`);
});

step('npx gradata --help', () => {
  const out = run('npx', ['--no-install', 'gradata', '--help'], { cwd: app });
  assert.match(out.stdout, /Usage: gradata/);
  assert.match(out.stdout, /demo/);
});

step('without the optional ingest server, gradata demo says in one line how to add it and exits 1', () => {
  const out = run('npx', ['--no-install', 'gradata', 'demo'], { cwd: app, expectCode: 1 });
  assert.equal(out.stdout, '');
  assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
  assert.match(out.stderr, /npm install @gradata\/ingest-server/);
  return out.stderr.trim();
});

step('add @gradata/ingest-server: require(\'@gradata/sdk\') still loads no framework, gradata demo delivers', () => {
  run('npm', ['install', ...NPM_QUIET, tarballs['ingest-server']], { cwd: app });
  JSON.parse(node('no-http-framework.cjs').stdout);
  const out = run('npx', ['--no-install', 'gradata', 'demo', '--count', '3', '--json'], { cwd: app });
  const report = JSON.parse(out.stdout);
  assert.equal(report.allDelivered, true);
  return `${report.rows.length} corrections delivered`;
});

runInstallerScenarios({ work, tarballs, mainApp: app, step: asyncStep }).then(
  () => {
    passed = true;
    console.log(`package test passed: ${JSON.stringify(figures)}`);
    if (process.env.KEEP_PACKAGE_TEST) console.log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
