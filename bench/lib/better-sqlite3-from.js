// Bench only. Node 24 cannot load the better-sqlite3 addon in node_modules (built for the machine's
// Node 20), and rebuilding it there would break every Node 20 run. To time both drivers on one Node,
// build a separate copy for that Node (TOOLCHAIN.md: PATH and npm_config_nodedir) and name its
// node_modules folder in GRADATA_BENCH_BETTER_SQLITE3: this hook resolves `better-sqlite3` there, in
// this process, its worker threads and its children (through NODE_OPTIONS).
'use strict';
const Module = require('node:module');
const path = require('node:path');

const dir = process.env.GRADATA_BENCH_BETTER_SQLITE3;
if (dir && !Module._resolveFilename.gradataBenchHook) {
  const entry = require.resolve(path.join(dir, 'better-sqlite3'));
  const resolveFilename = Module._resolveFilename;
  const hooked = function (request, ...rest) {
    return request === 'better-sqlite3' ? entry : resolveFilename.call(this, request, ...rest);
  };
  hooked.gradataBenchHook = true;
  Module._resolveFilename = hooked;
  const preload = `--require=${__filename}`;
  if (!(process.env.NODE_OPTIONS ?? '').includes(preload)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim();
}
