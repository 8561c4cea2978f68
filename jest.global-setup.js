const { execFileSync } = require('node:child_process');
const path = require('node:path');

/** Build every package once so Worker entries, piscina tasks and the got bundle exist in dist. */
module.exports = async () => {
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b'], { cwd: __dirname, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(__dirname, 'packages/sync-worker/scripts/vendor-got.js')], { stdio: 'inherit' });
};
