// Figure 7 (SPEC §14.7): require('@gradata/sdk') in a fresh process — wall and CPU time, modules
// loaded, and whether any HTTP server framework came with it. Each sample is its own node process.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { median } = require('./stats');

const FRAMEWORK = /[\\/]node_modules[\\/](fastify|@fastify|express|koa|@hapi|restify|light-my-request|find-my-way|@gradata[\\/]ingest-server)[\\/]/;

const PROBE = `
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
require('@gradata/sdk');
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuBefore);
const loaded = Object.keys(require.cache);
process.stdout.write(JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, modules: loaded.length, frameworks: loaded.filter((f) => ${FRAMEWORK}.test(f)).length }));
`;

/** Median wall and CPU milliseconds over `runs` fresh processes, with the module count and frameworks seen. */
function requireTime({ runs = 9 } = {}) {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const samples = [];
  for (let i = 0; i < runs; i++) {
    samples.push(JSON.parse(execFileSync(process.execPath, ['-e', PROBE], { cwd: repoRoot, encoding: 'utf8' })));
  }
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    modules: samples[0].modules,
    frameworks: Math.max(...samples.map((s) => s.frameworks)),
  };
}

module.exports = { requireTime };
