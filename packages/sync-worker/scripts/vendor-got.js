#!/usr/bin/env node
// Bundles got and its dependencies into one CommonJS file, dist/vendor/got.cjs, which the worker
// thread requires (sender/load-got.ts). got is ESM-only: importing it brings up Node's ESM loader
// and, for got's CommonJS dependencies, its export scanner: about 1.3 MB of the agent's RSS and
// 75 ms of the thread's start more than requiring the same code as one CommonJS file. It is still
// got, the version the lockfile holds, run unchanged.
//
// http2-wrapper stays outside the bundle: got-client.ts builds its HTTP/2 agent from the same copy
// got uses. The licence texts of everything bundled go into dist/vendor/got.cjs.LICENSES.txt.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const PACKAGE_DIR = path.resolve(__dirname, '..');
const OUT_DIR = path.join(PACKAGE_DIR, 'dist', 'vendor');
const OUT_FILE = path.join(OUT_DIR, 'got.cjs');
const EXTERNAL = ['http2-wrapper'];

/** The package folder a bundled input file belongs to (the nearest node_modules/<name>), on any OS. */
function packageDirOf(file) {
  const match = /^(.*node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(path.resolve(file));
  return match ? match[1] : null;
}

function licenceNotice(inputs) {
  const dirs = [...new Set(inputs.map(packageDirOf).filter((dir) => dir !== null))].sort();
  return dirs
    .map((dir) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const licenceFile = fs.readdirSync(dir).find((name) => /^licen[cs]e/i.test(name));
      const text = licenceFile ? fs.readFileSync(path.join(dir, licenceFile), 'utf8').trim() : `License: ${manifest.license}`;
      return `${manifest.name}@${manifest.version}\n\n${text}\n`;
    })
    .join(`\n${'-'.repeat(72)}\n\n`);
}

async function main() {
  const gotEntry = require.resolve('got', { paths: [PACKAGE_DIR] });
  const gotDir = packageDirOf(gotEntry);
  const gotVersion = JSON.parse(fs.readFileSync(path.join(gotDir, 'package.json'), 'utf8')).version;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [gotEntry],
    outfile: OUT_FILE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    legalComments: 'none', // every bundled package's whole licence is in the notice file instead
    banner: { js: `// got ${gotVersion} and its dependencies as one CommonJS file (scripts/vendor-got.js); licences: got.cjs.LICENSES.txt` },
    metafile: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(`${OUT_FILE}.LICENSES.txt`, licenceNotice(Object.keys(result.metafile.inputs)));
}

main().catch((error) => {
  console.error(`vendor-got: ${error.stack ?? error}`);
  process.exit(1);
});
