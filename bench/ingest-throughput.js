'use strict';
/**
 * Throughput of the local ingest receiver: N valid POST /api/v1/ingest over C keep-alive connections.
 *   npm run build && node bench/ingest-throughput.js [--n 20000] [--c 4] [--warmup 2000] [--runs 1] [--in-process] [--db file|:memory:]
 * By default the server runs in a child process so client and server each get a core (as when a
 * Brain's sync worker drains to `gradata serve`); --in-process shares one event loop.
 */
const http = require('node:http');
const { fork } = require('node:child_process');
const path = require('node:path');
const os = require('node:os');
const fs = require('node:fs');

const SERVER = path.join(__dirname, '..', 'packages', 'ingest-server', 'dist', 'index.js');
const KEY = 'bench-key';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function serve(dbPath) {
  const { startIngestServer } = require(SERVER);
  return startIngestServer({ keys: [KEY], dbPath, logger: false });
}

if (process.argv[2] === '--child') {
  serve(process.argv[3]).then((server) => {
    let cpuAtStart = process.cpuUsage();
    process.send({ url: server.ingestUrl });
    process.on('message', async (message) => {
      if (message === 'start') {
        cpuAtStart = process.cpuUsage();
        return;
      }
      const counts = { ...server.counts(), cpuMs: cpuMs(process.cpuUsage(cpuAtStart)) };
      await server.close();
      process.send({ counts }, () => process.exit(0));
    });
  });
  return;
}

function cpuMs(usage) {
  return Math.round((usage.user + usage.system) / 1000);
}

function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': 'x',
          'x-gradata-attempt': '1',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function payload(i) {
  return JSON.stringify({
    brain_id: 'bench-brain',
    event_id: `01HBENCH${String(i).padStart(18, '0')}`,
    correction: {
      session: 1,
      category: 'STYLE',
      severity: 'minor',
      description: 'Replaced a hedge with a direct statement in the second paragraph.',
      draft: 'We might possibly be able to ship the fix next week, if everything goes to plan and nothing else comes up.',
      final: 'We will ship the fix next week.',
    },
  });
}

async function main() {
  const runs = Number(arg('runs', '1'));
  const rates = [];
  for (let run = 0; run < runs; run++) rates.push(await once());
  if (runs > 1) {
    rates.sort((a, b) => a - b);
    console.log(`median of ${runs} runs: ${rates[Math.floor(runs / 2)]} requests/s (min ${rates[0]}, max ${rates[runs - 1]})`);
  }
}

async function once() {
  const n = Number(arg('n', '20000'));
  const concurrency = Number(arg('c', '4'));
  const inProcess = process.argv.includes('--in-process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-bench-'));
  const dbPath = arg('db', path.join(dir, 'ingest.db'));

  let url;
  let stop;
  let markStart;
  if (inProcess) {
    const server = await serve(dbPath);
    let cpuAtStart;
    url = server.ingestUrl;
    markStart = () => (cpuAtStart = process.cpuUsage());
    stop = async () => {
      const counts = { ...server.counts(), cpuMs: cpuMs(process.cpuUsage(cpuAtStart)) };
      await server.close();
      return counts;
    };
  } else {
    const child = fork(__filename, ['--child', dbPath], { stdio: 'inherit' });
    url = await new Promise((resolve) => child.once('message', (m) => resolve(m.url)));
    markStart = () => child.send('start');
    stop = () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m.counts));
        child.send('stop');
      });
  }

  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  // Warm the JIT on both sides first: the receiver is a long-running process.
  const warmup = Number(arg('warmup', '2000'));
  const warmBodies = Array.from({ length: warmup }, (_, i) => payload(n + i));
  let warmNext = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (warmNext < warmup) await post(agent, url, warmBodies[warmNext++]);
    }),
  );
  const bodies = Array.from({ length: n }, (_, i) => payload(i));
  let next = 0;
  markStart();
  const started = process.hrtime.bigint();
  const clientCpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await post(agent, url, bodies[next++]);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const clientCpuMs = cpuMs(process.cpuUsage(clientCpu));
  agent.destroy();
  const counts = await stop();
  fs.rmSync(dir, { recursive: true, force: true });
  const rate = Math.round(n / seconds);
  console.log(
    `${n} POSTs, ${concurrency} keep-alive connections, server ${inProcess ? 'in-process' : 'in a child process'}: ` +
      `${seconds.toFixed(2)} s, ${rate} requests/s (stored ${counts.stored} incl. ${warmup} warm-up; ` +
      `${inProcess ? 'process' : 'server'} CPU ${counts.cpuMs} ms (${Math.round((counts.cpuMs * 1000) / n)} µs/request), client CPU ${clientCpuMs} ms)`,
  );
  return rate;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
