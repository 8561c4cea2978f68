const { execFileSync } = require('node:child_process');
const path = require('node:path');

/** Build every package once so Worker entries and piscina tasks exist as dist/*.js. */
module.exports = async () => {
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b'], { cwd: __dirname, stdio: 'inherit' });
};
