// Figure 9 (SPEC §14.9), one measurement per fresh process: node weight-child.js <mode> '<json>'.
// Prints one JSON line on stdout. RSS modes load nothing but the SDK (no pino, no bench helpers).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [mode, rawArgs] = process.argv.slice(2);
const args = JSON.parse(rawArgs || '{}');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes) => bytes / 2 ** 20;
/** RssAnon / RssFile from /proc (Linux): a thread's heap is anonymous, code paged in from the node binary is file-backed. */
function rssParts() {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024 };
  } catch {
    return { anonMb: NaN, fileMb: NaN };
  }
}
const memory = () => {
  const m = process.memoryUsage();
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external), ...rssParts() };
};
const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gradata-weight-'));
const cpuMicros = (since) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};
// The SDK's request headers (sender/http-sender.ts), for the bare clients.
const headersFor = (eventId) => ({
  authorization: 'Bearer bench-key',
  'content-type': 'application/json',
  'user-agent': 'gradata-node/bench',
  'x-gradata-attempt': '1',
  'idempotency-key': eventId,
});

/** Bare Node, or Node after require('@gradata/sdk'): RSS once the process has settled. */
async function baseline() {
  if (mode === 'require') require('@gradata/sdk');
  await sleep(500);
  return memory();
}

/**
 * 1,000 corrections recorded (and, with a key, delivered), RSS; then `idleSec` idle, RSS; then, with a
 * key, the first correction after the idle spell: correct() called → `synced` (figure 3b).
 */
async function agent() {
  const { Brain } = require('@gradata/sdk');
  const { pair } = require('./pair');
  const dir = tmpDir();
  const keyOptions = args.ingestUrl ? { apiKey: 'bench-key', ingestUrl: args.ingestUrl } : {};
  const brain = new Brain(dir, { env: {}, homeDir: dir, exitHooks: false, ...keyOptions });
  for (let i = 0; i < 1000; i++) await brain.correct(...pair(i));
  if (args.ingestUrl) await brain.flush({ timeoutMs: 30_000 });
  const afterWork = { ...memory(), pending: brain.syncStatus().pending, worker: brain.syncStatus().worker };
  await sleep(args.idleSec * 1000);
  const afterIdle = { ...memory(), pending: brain.syncStatus().pending, worker: brain.syncStatus().worker };
  let firstAfterIdleMs = null;
  if (args.ingestUrl) {
    const started = process.hrtime.bigint();
    const synced = new Promise((resolve) => brain.on('synced', resolve));
    await brain.correct(...pair(5000));
    await synced;
    firstAfterIdleMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  await brain.close({ timeoutMs: 5000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return { afterWork, afterIdle, firstAfterIdleMs };
}

/** The rows' payloads exactly as the worker would send them. */
function backlogPayloads(count) {
  const { openBrainDatabase } = require('@gradata/core');
  const { fillBacklog } = require('./fixtures');
  const dir = tmpDir();
  fillBacklog(dir, count);
  const db = openBrainDatabase(path.join(dir, 'system.db'));
  const rows = db.prepare('SELECT payload_json AS body, event_id AS eventId FROM sync_queue ORDER BY id').all();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}

/** Runs `post(row)` over every row, `concurrency` at a time; resolves with the process CPU µs it took. */
async function postAll(rows, concurrency, post) {
  const started = process.cpuUsage();
  let next = 0;
  const lane = async () => {
    while (next < rows.length) await post(rows[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return cpuMicros(started);
}

/** The SDK's worker draining `rows` rows one request per row: process CPU (both threads) from the nudge to the last `synced`. */
async function cpuSdk() {
  const { SyncWorker, openBrainDatabase } = require('@gradata/sdk');
  const { fillBacklog, silent } = require('./fixtures');
  const dir = tmpDir();
  const dbPath = path.join(dir, 'system.db');
  openBrainDatabase(dbPath).close();
  const worker = new SyncWorker({ dbPath, apiKey: 'bench-key', ingestUrl: args.ingestUrl, tickSec: 999, logger: silent, ...args.sdkOptions });
  worker.start();
  await sleep(1500); // thread up, got loaded: the figure is delivery, not start-up
  fillBacklog(dir, args.rows);
  let synced = 0;
  const done = new Promise((resolve) => worker.on('synced', ({ count }) => { synced += count; if (synced >= args.rows) resolve(); }));
  const started = process.cpuUsage();
  const wall = process.hrtime.bigint();
  worker.nudge();
  await done;
  const cpu = cpuMicros(started);
  const wallMs = Number(process.hrtime.bigint() - wall) / 1e6;
  await worker.stop({ drain: false, timeoutMs: 5000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return { cpuPerRowUs: cpu / args.rows, wallMs };
}

/** got 14 with the SDK's options (sender/got-client.ts as of issue 21's start), 4 requests in flight. */
async function cpuGot() {
  const http = require('node:http');
  const rows = backlogPayloads(args.rows);
  const { default: got } = await import('got');
  const agentOptions = { keepAlive: true, noDelay: true, maxSockets: 32, maxFreeSockets: 32 };
  const agent = new http.Agent(agentOptions);
  const client = got.extend({
    agent: { http: agent },
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    decompress: false,
    timeout: { request: 30_000 },
    responseType: 'text',
  });
  const wall = process.hrtime.bigint();
  const cpu = await postAll(rows, 4, async (row) => {
    const response = await client.post(args.ingestUrl, { body: row.body, headers: headersFor(row.eventId) });
    if (response.statusCode !== 200) throw new Error(`got: status ${response.statusCode}`);
  });
  agent.destroy();
  return { cpuPerRowUs: cpu / rows.length, wallMs: Number(process.hrtime.bigint() - wall) / 1e6 };
}

/** node:http with a keep-alive agent, 4 requests in flight: the floor. */
async function cpuNodeHttp() {
  const http = require('node:http');
  const rows = backlogPayloads(args.rows);
  const agent = new http.Agent({ keepAlive: true, noDelay: true, maxSockets: 32 });
  const url = new URL(args.ingestUrl);
  const post = (row) => new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: headersFor(row.eventId) }, (response) => {
      response.setEncoding('utf8');
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(body) : reject(new Error(`node:http: status ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(row.body);
  });
  const wall = process.hrtime.bigint();
  const cpu = await postAll(rows, 4, post);
  agent.destroy();
  return { cpuPerRowUs: cpu / rows.length, wallMs: Number(process.hrtime.bigint() - wall) / 1e6 };
}

/** Figure 1d's paced loop, in a process of its own. */
async function paced() {
  const { paced: pacedRun } = require('./network');
  return pacedRun(args.mode, args.ingestUrl, args.calls);
}

const MODES = { bare: baseline, require: baseline, agent, 'cpu-sdk': cpuSdk, 'cpu-got': cpuGot, 'cpu-http': cpuNodeHttp, paced };

(async () => {
  const run = MODES[mode];
  if (!run) throw new Error(`weight-child: unknown mode ${mode}`);
  // The SDK never holds the process open (its thread and port are unref'd): an agent's own work does.
  setInterval(() => undefined, 60_000);
  process.stdout.write(`${JSON.stringify(await run())}\n`);
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
