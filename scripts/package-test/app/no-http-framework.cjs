// require('@gradata/sdk') must not load an HTTP server framework (SPEC §14.7). Prints the module count and the
// time (wall and CPU) the require took.
'use strict';
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
require('@gradata/sdk');
const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuBefore);
// The installed tarball, not a workspace link up the tree.
const installed = require('node:fs').realpathSync(require.resolve('@gradata/sdk'));
if (!installed.startsWith(require('node:path').join(process.cwd(), 'node_modules'))) throw new Error(`@gradata/sdk resolved to ${installed}`);
const loaded = Object.keys(require.cache);
const frameworks = loaded.filter((file) => /[\\/]node_modules[\\/](fastify|@fastify|express|koa|@hapi|restify|light-my-request|find-my-way|@gradata[\\/]ingest-server)[\\/]/.test(file));
if (frameworks.length > 0) {
  console.error(`require('@gradata/sdk') loaded an HTTP framework:\n${frameworks.slice(0, 10).join('\n')}`);
  process.exit(1);
}
const round = (ms) => Math.round(ms * 10) / 10;
console.log(JSON.stringify({ modules: loaded.length, requireMs: round(elapsedMs), cpuMs: round((cpu.user + cpu.system) / 1000) }));
