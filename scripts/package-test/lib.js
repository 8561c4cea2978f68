// Helpers of the package test: run a command and keep its output, pack, inspect tarballs, measure an install.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/**
 * Runs `command` (no shell); throws with its output unless it exits as `expectCode` says. A command
 * still running after `timeoutMs` is killed (an install that compiles better-sqlite3 on a busy
 * 2-core machine has taken 9 minutes, hence the generous default).
 */
function run(command, args, { cwd, env = {}, expectCode = 0, input, timeoutMs = 30 * 60_000 } = {}) {
  const started = Date.now();
  const child = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  const result = { code: child.status, stdout: child.stdout ?? '', stderr: child.stderr ?? '', ms: Date.now() - started };
  const timedOut = child.error?.code === 'ETIMEDOUT';
  if (child.error && !timedOut) throw child.error;
  if (timedOut || (expectCode !== null && child.status !== expectCode)) {
    const how = timedOut ? `was killed after ${timeoutMs} ms` : `exited ${child.status ?? child.signal}`;
    throw new Error(`${command} ${args.join(' ')} ${how} (expected ${expectCode})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
}

/** Files of a .tgz, without the leading `package/`. */
function tarballFiles(tarball) {
  return run('tar', ['-tzf', tarball]).stdout.split('\n').filter(Boolean).map((file) => file.replace(/^package\//, ''));
}

/**
 * better-sqlite3 installs through prebuild-install, which first looks for the archive it would
 * download in its `local-prebuilds` folder. Packing the monorepo's own compiled addon under that
 * name lets the app's install use it (prebuild-install then loads it to check it) instead of
 * compiling SQLite again. Returns the folder, or null when there is no compiled addon to reuse; with
 * a different better-sqlite3 version, platform or ABI the name does not match and npm compiles as usual.
 */
function packLocalPrebuild(repoRoot, workDir) {
  const addonDir = path.join(repoRoot, 'node_modules', 'better-sqlite3');
  const binary = path.join(addonDir, 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(binary)) return null;
  const { version } = JSON.parse(fs.readFileSync(path.join(addonDir, 'package.json'), 'utf8'));
  const musl = process.platform === 'linux' && !process.report.getReport().header.glibcVersionRuntime;
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}${musl ? 'musl' : ''}-${process.arch}.tar.gz`;
  const dir = path.join(workDir, 'prebuilds');
  fs.mkdirSync(dir, { recursive: true });
  run('tar', ['-czf', path.join(dir, name), '-C', addonDir, 'build/Release/better_sqlite3.node']);
  return dir;
}

/** Installed packages (every folder with a package.json directly under a node_modules, nested too). */
function countPackages(nodeModules) {
  let count = 0;
  for (const entry of fs.readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dirs = entry.name.startsWith('@')
      ? fs.readdirSync(path.join(nodeModules, entry.name)).map((name) => path.join(nodeModules, entry.name, name))
      : [path.join(nodeModules, entry.name)];
    for (const dir of dirs) {
      if (!fs.existsSync(path.join(dir, 'package.json'))) continue;
      count += 1;
      const nested = path.join(dir, 'node_modules');
      if (fs.existsSync(nested)) count += countPackages(nested);
    }
  }
  return count;
}

/** Disk usage of a folder in MB, as `du -sk` counts it. */
function diskMb(dir) {
  const kb = Number(run('du', ['-sk', dir]).stdout.split(/\s/)[0]);
  return Math.round((kb / 1024) * 10) / 10;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

module.exports = { run, tarballFiles, packLocalPrebuild, countPackages, diskMb, median };
