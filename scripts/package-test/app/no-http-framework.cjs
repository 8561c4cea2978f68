// require('@gradata/sdk') must not load an HTTP server framework (SPEC §14.7). Prints the module count.
'use strict';
const started = process.hrtime.bigint();
require('@gradata/sdk');
const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
const loaded = Object.keys(require.cache);
const frameworks = loaded.filter((file) => /[\\/]node_modules[\\/](fastify|@fastify|express|koa|@hapi|restify|light-my-request|find-my-way|@gradata[\\/]ingest-server)[\\/]/.test(file));
if (frameworks.length > 0) {
  console.error(`require('@gradata/sdk') loaded an HTTP framework:\n${frameworks.slice(0, 10).join('\n')}`);
  process.exit(1);
}
console.log(JSON.stringify({ modules: loaded.length, requireMs: Math.round(elapsedMs * 10) / 10 }));
